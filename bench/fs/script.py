# The small script of bench/fs.sh's python3 rows: imports from the standard library (json, hashlib and their
# C accelerators in lib-dynload), does a little work and prints one line the benchmark checks against the host's.
import hashlib
import json
import sys

document = json.dumps({"numbers": list(range(2000)), "name": "kiln"}, sort_keys=True)
digest = hashlib.sha256(document.encode()).hexdigest()
print("fsbench-python", ".".join(map(str, sys.version_info[:2])), len(json.loads(document)["numbers"]), digest[:16])
