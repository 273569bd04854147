// A tmpfs symbolic link: the target bytes, kept as given (not NUL-terminated). Mode 0777, size = target length.
using System;
using Internal.Runtime;
using Kiln.Kernel.Vfs;

namespace Kiln.Kernel.FileSystems.Tmpfs
{
    internal sealed class TmpfsSymlink : Inode
    {
        private byte[] _target;

        public TmpfsSymlink(TmpfsFileSystem fileSystem, ReadOnlySpan<byte> target)
        {
            Initialize(fileSystem, fileSystem.NewInodeNumber(), S_IFLNK | 0x1FF);
            FileTimes.Stamp(this);
            LinkCount = 1;
            _target = new byte[target.Length];
            target.CopyTo(_target);
            Size = target.Length;
        }

        public override int ReadLink(Span<byte> buffer)
        {
            int length = _target.Length < buffer.Length ? _target.Length : buffer.Length;
            new ReadOnlySpan<byte>(_target, 0, length).CopyTo(buffer);
            return length;
        }

        public void FreeTarget()
        {
            ObjectMemory.Free(_target);
            _target = null;
        }
    }
}
