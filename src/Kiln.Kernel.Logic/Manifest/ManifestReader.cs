// Reads the Kiln manifest, the file /kiln/manifest on the root disk that tells the kernel what to run.
//
// Format: a sequence of records, each "key=value" followed by one NUL byte; no other separators, no comments. The key
// is the bytes before the first '=', the value everything after it (it may contain '='). Keys:
//   program          absolute path of the program inside the image, e.g. "/usr/bin/python3"; exactly one record
//   arg              one argv element; repeatable, in order, argv[0] first
//   env              one environment entry "NAME=VALUE" (NAME not empty); repeatable, in order
//   trace            "1" to print each system call, "0" not to (the default)
//   syscall-summary  "1" to print a count of each system call at exit, "0" not to (the default)
//   cwd              absolute path of the program's initial working directory (the last one wins; default "/")
//   mount            "LABEL:/guest/path": mount the KilnFS volume labelled LABEL there; repeatable
//   ip               the NIC's static address "A.B.C.D/PREFIX", e.g. "10.0.2.15/24" (the last one wins)
//   gateway          the default route's next hop "A.B.C.D" (the last one wins)
//   dns              a name server "A.B.C.D"; repeatable, in order of preference
//   dhcp             "1" to configure the NIC by DHCP (ip and gateway are then ignored), "0" not to (the default)
// ManifestNetwork reads the last four into one value for the kernel's network set-up.
// Unknown keys are an error that names the key: a manifest written by a newer kiln must not be half-understood.
// Example: "program=/hello\0arg=./hello\0arg=world\0env=HOME=/\0trace=1\0".

using System;

namespace Kiln.Manifest
{
    /// <summary>A forward-only reader of manifest records.</summary>
    public ref struct ManifestReader
    {
        private ReadOnlySpan<byte> _manifest;
        private int _position;
        private ManifestError _error;
        private ReadOnlySpan<byte> _errorKey;

        /// <summary>Creates a reader positioned at the first record of <paramref name="manifest"/>.</summary>
        public ManifestReader(ReadOnlySpan<byte> manifest)
        {
            _manifest = manifest;
            _position = 0;
            _error = ManifestError.None;
            _errorKey = default;
        }

        /// <summary>Why the last <see cref="MoveNext"/> returned false: None at the end of the manifest.</summary>
        public readonly ManifestError Error => _error;

        /// <summary>The key of the record that caused <see cref="Error"/> (for UnknownKey, BadFlag, ...).</summary>
        public readonly ReadOnlySpan<byte> ErrorKey => _errorKey;

        /// <summary>Offset of the next record (or of the bad one after an error).</summary>
        public readonly int Position => _position;

        /// <summary>Reads the next record and checks its key and value.</summary>
        /// <returns>True with a record; false at the end (Error is None) or on a bad record (Error says why).</returns>
        public bool MoveNext(out ManifestRecord record)
        {
            record = default;
            if (_error != ManifestError.None || _position >= _manifest.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> rest = _manifest.Slice(_position);
            int end = ManifestKeys.IndexOf(rest, 0);
            if (end < 0)
            {
                return Fail(ManifestError.MissingTerminator, default);
            }

            ReadOnlySpan<byte> text = rest.Slice(0, end);
            int equals = ManifestKeys.IndexOf(text, (byte)'=');
            if (equals < 0)
            {
                return Fail(ManifestError.MissingEquals, text);
            }

            if (equals == 0)
            {
                return Fail(ManifestError.EmptyKey, default);
            }

            ReadOnlySpan<byte> keyName = text.Slice(0, equals);
            ReadOnlySpan<byte> value = text.Slice(equals + 1);
            ManifestKey key = ManifestKeys.Parse(keyName);
            ManifestError error = ManifestKeys.CheckValue(key, value);
            if (error != ManifestError.None)
            {
                return Fail(error, keyName);
            }

            record.Key = key;
            record.KeyName = keyName;
            record.Value = value;

            _position += end + 1;
            return true;
        }

        /// <summary>
        /// Reads the whole manifest and checks the rules that span records (exactly one program), summarizing it so a
        /// caller can size argv and envp before a second pass with <see cref="MoveNext"/> copies the values.
        /// </summary>
        public static ManifestError Validate(ReadOnlySpan<byte> manifest, out ManifestInfo info)
        {
            info = default;
            ManifestReader reader = new ManifestReader(manifest);
            bool haveProgram = false;
            while (reader.MoveNext(out ManifestRecord record))
            {
                switch (record.Key)
                {
                    case ManifestKey.Program:
                        if (haveProgram)
                        {
                            info.ErrorKey = record.KeyName;
                            return ManifestError.DuplicateProgram;
                        }

                        haveProgram = true;
                        info.Program = record.Value;
                        break;
                    case ManifestKey.Arg:
                        info.ArgCount++;
                        break;
                    case ManifestKey.Env:
                        info.EnvCount++;
                        break;
                    case ManifestKey.Trace:
                        info.Trace = record.Value[0] == (byte)'1';
                        break;
                    case ManifestKey.SyscallSummary:
                        info.SyscallSummary = record.Value[0] == (byte)'1';
                        break;
                    case ManifestKey.WorkingDirectory:
                        info.WorkingDirectory = record.Value;
                        break;
                    case ManifestKey.Mount:
                        info.MountCount++;
                        break;
                }
            }

            if (reader.Error != ManifestError.None)
            {
                info.ErrorKey = reader.ErrorKey;
                return reader.Error;
            }

            return haveProgram ? ManifestError.None : ManifestError.MissingProgram;
        }

        private bool Fail(ManifestError error, ReadOnlySpan<byte> key)
        {
            _error = error;
            _errorKey = key;
            return false;
        }
    }
}
