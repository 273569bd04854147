# Exercises a file system the way an ordinary Python program does: writes text, bytes and JSON, reads them back,
# appends, seeks, truncates, renames, lists, globs and removes, printing only what must be the same on Linux and in
# Kiln (no paths, times or inode numbers). Run by tests/Kiln.Guest.Tests/InterpreterTests.cs natively and in Kiln.
#
# usage: files.py BASE [scratch|leave|find]
#   scratch (default)  everything happens in a fresh directory under BASE, which is removed at the end;
#   leave              scratch, then leaves BASE/kept/notes.txt (fsynced) for a later run;
#   find               reads what "leave" left, adds to it, then removes it.
import hashlib
import json
import os
import pathlib
import shutil
import sys
import tempfile


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def scratch(base):
    work = tempfile.mkdtemp(prefix="kiln-py-", dir=base)
    os.chdir(work)

    with open("text.txt", "w", encoding="utf-8") as f:
        for i in range(200):
            f.write(f"line {i}: {'ünïcödé ' * (i % 5)}\n")
    with open("text.txt", encoding="utf-8") as f:
        lines = f.readlines()
    print("text lines", len(lines), "last", lines[-1].rstrip())
    print("text size", os.path.getsize("text.txt"), "sha", digest("text.txt"))

    blob = bytes(range(256)) * 300
    with open("blob.bin", "wb") as f:
        f.write(blob)
    with open("blob.bin", "r+b") as f:
        f.seek(1000)
        print("read at 1000", f.read(4).hex(), "tell", f.tell())
        f.seek(-10, os.SEEK_END)
        f.write(b"TAIL")
        f.truncate(50000)
        f.flush()
        os.fsync(f.fileno())
    print("blob size", os.stat("blob.bin").st_size, "sha", digest("blob.bin"))

    with open("text.txt", "a", encoding="utf-8") as f:
        f.write("appended\n")
    print("after append", os.path.getsize("text.txt"))

    with open("data.json", "w") as f:
        json.dump({"numbers": list(range(10)), "nested": {"ok": True}}, f, sort_keys=True)
    with open("data.json") as f:
        data = json.load(f)
    print("json sum", sum(data["numbers"]), "nested", data["nested"]["ok"])

    os.makedirs("sub/deeper", exist_ok=True)
    for name in ("a.log", "b.log", "c.txt"):
        pathlib.Path("sub", name).write_text(name * 3)
    os.rename("sub/a.log", "sub/deeper/moved.log")
    os.replace("data.json", "sub/data.json")
    print("listdir", sorted(os.listdir(".")))
    print("sub", sorted(os.listdir("sub")))
    print("glob", sorted(str(p) for p in pathlib.Path(".").rglob("*.log")))
    print("walk", [(d, sorted(ds), sorted(fs)) for d, ds, fs in sorted(os.walk("."))])
    print("exists", os.path.exists("sub/a.log"), os.path.exists("sub/deeper/moved.log"))
    print("moved", pathlib.Path("sub/deeper/moved.log").read_text())

    try:
        os.rmdir("sub")
    except OSError as e:
        print("rmdir non-empty:", type(e).__name__, e.errno)
    try:
        open("missing.txt")
    except FileNotFoundError as e:
        print("missing:", e.errno)

    os.remove("text.txt")
    shutil.rmtree("sub")
    print("left", sorted(os.listdir(".")))
    os.chdir(base)
    shutil.rmtree(work)
    print("removed", os.path.exists(work))


def leave(base):
    kept = os.path.join(base, "kept")
    os.makedirs(kept, exist_ok=True)
    with open(os.path.join(kept, "notes.txt"), "w") as f:
        f.write("written by the first run\n" * 50)
        f.flush()
        os.fsync(f.fileno())
    print("left notes", os.path.getsize(os.path.join(kept, "notes.txt")))


def find(base):
    notes = os.path.join(base, "kept", "notes.txt")
    with open(notes) as f:
        text = f.read()
    print("found", len(text.splitlines()), "lines:", text.splitlines()[0])
    with open(notes, "a") as f:
        f.write("and the second\n")
    print("now", os.path.getsize(notes), "sha", digest(notes))
    shutil.rmtree(os.path.join(base, "kept"))
    print("gone", os.path.exists(notes))


def main():
    base = sys.argv[1]
    phase = sys.argv[2] if len(sys.argv) > 2 else "scratch"
    if phase in ("scratch", "leave"):
        scratch(base)
    if phase == "leave":
        leave(base)
    if phase == "find":
        find(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
