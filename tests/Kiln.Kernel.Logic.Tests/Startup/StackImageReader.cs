// Reads an initial stack image the way a freshly started x86-64 program does (System V ABI 3.4.1): argc at the stack
// pointer, then argv[] and NULL, envp[] and NULL, and auxv pairs up to AT_NULL, following pointers into the image.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Kiln.Startup;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Startup
{
    internal sealed class StackImageReader
    {
        private readonly byte[] _image;
        private readonly ulong _bottom;

        public StackImageReader(ReadOnlySpan<byte> image, ulong bottom)
        {
            _image = image.ToArray();
            _bottom = bottom;
        }

        public ulong Top => _bottom + (ulong)_image.Length;

        public long Argc { get; private set; }

        public List<ulong> ArgvPointers { get; } = new List<ulong>();

        public List<ulong> EnvpPointers { get; } = new List<ulong>();

        public List<(ulong Type, ulong Value)> Auxv { get; } = new List<(ulong Type, ulong Value)>();

        /// <summary>The address just past the AT_NULL entry: where the vectors end.</summary>
        public ulong VectorsEnd { get; private set; }

        /// <summary>Walks the vectors from the stack pointer, asserting each read lies inside the image.</summary>
        public void Parse(ulong stackPointer)
        {
            ulong at = stackPointer;
            Argc = (long)ReadUInt64(at);
            at += 8;
            for (long i = 0; i < Argc; i++)
            {
                ArgvPointers.Add(ReadUInt64(at));
                at += 8;
            }

            Assert.Equal(0UL, ReadUInt64(at)); // argv[argc] == NULL
            at += 8;
            for (ulong pointer = ReadUInt64(at); pointer != 0; pointer = ReadUInt64(at))
            {
                EnvpPointers.Add(pointer);
                at += 8;
            }

            at += 8;
            while (true)
            {
                ulong type = ReadUInt64(at);
                ulong value = ReadUInt64(at + 8);
                at += 16;
                if (type == AuxVector.AT_NULL)
                {
                    Assert.Equal(0UL, value);
                    break;
                }

                Auxv.Add((type, value));
            }

            VectorsEnd = at;
        }

        public ulong ReadUInt64(ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(address, 8));

        public byte[] ReadBytes(ulong address, int count) => Slice(address, count).ToArray();

        /// <summary>Reads the NUL-terminated string at <paramref name="address"/>, which must end inside the image.</summary>
        public string ReadString(ulong address)
        {
            ReadOnlySpan<byte> rest = Slice(address, (int)(Top - address));
            int nul = rest.IndexOf((byte)0);
            Assert.True(nul >= 0, "string runs off the top of the image");
            return Encoding.UTF8.GetString(rest.Slice(0, nul));
        }

        public ulong AuxValue(ulong type)
        {
            foreach ((ulong entryType, ulong value) in Auxv)
            {
                if (entryType == type)
                {
                    return value;
                }
            }

            Assert.Fail("no auxv entry of type " + type);
            return 0;
        }

        private ReadOnlySpan<byte> Slice(ulong address, int count)
        {
            Assert.True(address >= _bottom && address + (ulong)count <= Top, "read outside the stack image");
            return new ReadOnlySpan<byte>(_image, (int)(address - _bottom), count);
        }
    }
}
