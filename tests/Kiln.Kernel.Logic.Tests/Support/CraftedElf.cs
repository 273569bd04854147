// Builds small hand-made ELF64 images (file header, one program header, a few code bytes) that tests then damage
// field by field, for the cases a compiler will not produce.

using System;
using System.Buffers.Binary;

namespace Kiln.Kernel.Logic.Tests.Support
{
    internal static class CraftedElf
    {
        public const int ProgramHeaderOffset = 64;
        public const int CodeOffset = 64 + 56;

        /// <summary>A valid static ET_EXEC x86-64 image with one PT_LOAD covering the whole file.</summary>
        public static byte[] Create(int codeLength = 16)
        {
            byte[] image = new byte[CodeOffset + codeLength];
            image[0] = 0x7f;
            image[1] = (byte)'E';
            image[2] = (byte)'L';
            image[3] = (byte)'F';
            image[4] = 2;
            image[5] = 1;
            image[6] = 1;
            WriteU16(image, 16, 2);
            WriteU16(image, 18, 62);
            WriteU32(image, 20, 1);
            WriteU64(image, 24, 0x400000 + CodeOffset);
            WriteU64(image, 32, ProgramHeaderOffset);
            WriteU16(image, 52, 64);
            WriteU16(image, 54, 56);
            WriteU16(image, 56, 1);
            WriteU16(image, 58, 64);
            SetProgramHeader(image, 0, 1, 0, 0x400000, (ulong)image.Length, (ulong)image.Length, 0x1000);
            return image;
        }

        /// <summary>The first 52 bytes of an ELF32 i386 executable header.</summary>
        public static byte[] Create32Bit()
        {
            byte[] image = new byte[52];
            image[0] = 0x7f;
            image[1] = (byte)'E';
            image[2] = (byte)'L';
            image[3] = (byte)'F';
            image[4] = 1;
            image[5] = 1;
            image[6] = 1;
            WriteU16(image, 16, 2);
            WriteU16(image, 18, 3);
            WriteU32(image, 20, 1);
            return image;
        }

        public static void SetProgramHeader(byte[] image, int index, uint type, ulong offset, ulong vaddr, ulong filesz, ulong memsz, ulong align)
        {
            int at = ProgramHeaderOffset + (index * 56);
            WriteU32(image, at, type);
            WriteU32(image, at + 4, 5);
            WriteU64(image, at + 8, offset);
            WriteU64(image, at + 16, vaddr);
            WriteU64(image, at + 24, vaddr);
            WriteU64(image, at + 32, filesz);
            WriteU64(image, at + 40, memsz);
            WriteU64(image, at + 48, align);
        }

        public static void WriteU16(byte[] image, int offset, ushort value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(offset), value);
        }

        public static void WriteU32(byte[] image, int offset, uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(offset), value);
        }

        public static void WriteU64(byte[] image, int offset, ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(offset), value);
        }
    }
}
