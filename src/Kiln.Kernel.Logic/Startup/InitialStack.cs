// Lays out a new program's initial stack as the x86-64 System V ABI (3.4.1) and Linux's binfmt_elf leave it: from the
// top down, the strings (argv, envp, the executable name, the platform), the 16 AT_RANDOM bytes; then, 16-byte
// aligned at the stack pointer, argc, argv[] and NULL, envp[] and NULL, and the auxiliary vector ending in AT_NULL.
// The image is built in a buffer that stands for user memory [Top - buffer.Length, Top); the kernel copies it out.
using System;
using System.Buffers.Binary;

namespace Kiln.Startup
{
    public ref struct InitialStack
    {
        private readonly Span<byte> _buffer;
        private readonly ulong _top;
        private int _low;

        public InitialStack(Span<byte> buffer, ulong top)
        {
            _buffer = buffer;
            _top = top;
            _low = buffer.Length;
        }

        /// <summary>The lowest user address the image uses so far.</summary>
        public readonly ulong Bottom => _top - (ulong)(_buffer.Length - _low);

        /// <summary>The bytes to copy to user memory at <see cref="Bottom"/>.</summary>
        public readonly ReadOnlySpan<byte> Image => _buffer.Slice(_low);

        /// <summary>Pushes bytes plus a terminating NUL; returns the user address of the first byte.</summary>
        public bool TryPushString(ReadOnlySpan<byte> text, out ulong address) => TryPush(text, true, out address);

        /// <summary>Pushes raw bytes (AT_RANDOM's 16 bytes); returns their user address.</summary>
        public bool TryPushBytes(ReadOnlySpan<byte> data, out ulong address) => TryPush(data, false, out address);

        /// <summary>
        /// Writes argc, the argv and envp pointer arrays and the auxiliary vector (pairs of type and value, without the
        /// final AT_NULL, which this adds) below the strings, and returns the initial stack pointer.
        /// </summary>
        public bool TryFinish(ReadOnlySpan<ulong> argv, ReadOnlySpan<ulong> envp, ReadOnlySpan<ulong> auxv, out ulong stackPointer)
        {
            stackPointer = 0;
            if ((auxv.Length & 1) != 0)
            {
                return false;
            }

            int words = 1 + argv.Length + 1 + envp.Length + 1 + auxv.Length + 2;
            ulong pointer = (Bottom - ((ulong)words * 8)) & ~15UL;
            ulong used = _top - pointer;
            if (used > (ulong)_buffer.Length)
            {
                return false;
            }

            int offset = _buffer.Length - (int)used;
            _buffer.Slice(offset, _low - offset).Clear();
            _low = offset;
            Span<byte> area = _buffer.Slice(offset);
            int at = 0;
            Put(area, ref at, (ulong)argv.Length);
            for (int i = 0; i < argv.Length; i++)
            {
                Put(area, ref at, argv[i]);
            }

            Put(area, ref at, 0);
            for (int i = 0; i < envp.Length; i++)
            {
                Put(area, ref at, envp[i]);
            }

            Put(area, ref at, 0);
            for (int i = 0; i < auxv.Length; i++)
            {
                Put(area, ref at, auxv[i]);
            }

            Put(area, ref at, AuxVector.AT_NULL);
            Put(area, ref at, 0);
            stackPointer = pointer;
            return true;
        }

        private bool TryPush(ReadOnlySpan<byte> data, bool terminate, out ulong address)
        {
            int size = data.Length + (terminate ? 1 : 0);
            if (size > _low)
            {
                address = 0;
                return false;
            }

            _low -= size;
            data.CopyTo(_buffer.Slice(_low));
            if (terminate)
            {
                _buffer[_low + data.Length] = 0;
            }

            address = Bottom;
            return true;
        }

        private static void Put(Span<byte> area, ref int at, ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(area.Slice(at), value);
            at += 8;
        }
    }
}
