// A cpio newc writer onto a Stream, for archives too big to build in memory: each header comes from
// CpioWriter.EncodeHeader, each body is copied from its source and padded to 4 bytes, and the archive ends with
// the TRAILER!!! entry. Inode numbers count up from 1.

using System;
using System.IO;
using System.Text;
using Kiln.Cpio;

namespace Kiln.Host
{
    /// <summary>Streams cpio newc entries.</summary>
    public sealed class CpioStream
    {
        private readonly Stream _output;
        private readonly byte[] _header = new byte[CpioFormat.HeaderSize + 4096 + 8];
        private uint _nextInode = 1;
        private long _length;

        /// <summary>Writes to <paramref name="output"/>.</summary>
        public CpioStream(Stream output)
        {
            _output = output;
        }

        /// <summary>Bytes written so far.</summary>
        public long Length => _length;

        /// <summary>Adds an entry with an in-memory body.</summary>
        public HostError? Add(string name, uint mode, ReadOnlySpan<byte> body)
        {
            HostError? error = WriteHeader(name, mode, (uint)body.Length);
            if (error == null)
            {
                _output.Write(body);
                Pad(body.Length);
            }

            return error;
        }

        /// <summary>Adds a regular file whose body is copied from <paramref name="hostPath"/>.</summary>
        public HostError? AddHostFile(string name, uint mode, string hostPath)
        {
            try
            {
                using FileStream source = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                long size = source.Length;
                if (size > uint.MaxValue)
                {
                    return new HostError($"{hostPath} is 4 GiB or larger, too large for the initrd");
                }

                HostError? error = WriteHeader(name, mode, (uint)size);
                if (error != null)
                {
                    return error;
                }

                // Copy exactly the size the header promised, even if the file grows meanwhile.
                byte[] buffer = new byte[1 << 16];
                long left = size;
                while (left > 0)
                {
                    int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read == 0)
                    {
                        return new HostError($"{hostPath} shrank while it was copied into the initrd");
                    }

                    _output.Write(buffer, 0, read);
                    left -= read;
                }

                Pad(size);
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new HostError($"cannot read {hostPath} to put it in the image: {e.Message}");
            }
        }

        /// <summary>Ends the archive.</summary>
        public HostError? Finish()
        {
            _nextInode = 0;
            return Add(CpioFormat.TrailerName, 0, ReadOnlySpan<byte>.Empty);
        }

        private HostError? WriteHeader(string name, uint mode, uint size)
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            byte[] buffer = nameBytes.Length + CpioFormat.HeaderSize + 8 <= _header.Length ? _header : new byte[nameBytes.Length + CpioFormat.HeaderSize + 8];
            CpioError result = CpioWriter.EncodeHeader(buffer, nameBytes, mode, _nextInode, size, out int written);
            if (result != CpioError.None)
            {
                return new HostError($"cannot put '{name}' in the initrd: {result}");
            }

            if (_nextInode != 0)
            {
                _nextInode++;
            }

            _output.Write(buffer, 0, written);
            _length += written + size;
            return null;
        }

        private void Pad(long size)
        {
            int padding = (int)(CpioFormat.Align4(size) - size);
            if (padding > 0)
            {
                _output.Write(new byte[padding], 0, padding);
                _length += padding;
            }
        }
    }
}
