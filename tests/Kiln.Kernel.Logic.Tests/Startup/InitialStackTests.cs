// InitialStack tests: build stack images with known argv, envp and auxv, then read them back as a starting program
// would (System V x86-64 ABI 3.4.1), and check alignment, AT_NULL termination, zeroed padding and buffer limits.

using System;
using System.Text;
using Kiln.Startup;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Startup
{
    public sealed class InitialStackTests
    {
        private const ulong Top = 0x7fff_ffff_f000;
        private const byte Garbage = 0xAA;

        [Fact]
        public void KnownImageReadsBackAsTheAbiDescribes()
        {
            // Arrange: strings as binfmt_elf pushes them, from the top down.
            byte[] buffer = NewBuffer(4096);
            InitialStack stack = new InitialStack(buffer, Top);
            byte[] random = new byte[16];
            for (int i = 0; i < random.Length; i++)
            {
                random[i] = (byte)(i + 1);
            }

            Assert.True(stack.TryPushString(Ascii("/bin/hello"), out ulong execfn));
            Assert.True(stack.TryPushString(Ascii("x86_64"), out ulong platform));
            Assert.True(stack.TryPushBytes(random, out ulong randomAddress));
            string[] args = { "/bin/hello", "-v", string.Empty, "two words" };
            string[] env = { "HOME=/", "PATH=/bin:/usr/bin", "EMPTY=" };
            ulong[] argv = PushAll(ref stack, args);
            ulong[] envp = PushAll(ref stack, env);
            ulong[] auxv =
            {
                AuxVector.AT_PHDR, 0x400040,
                AuxVector.AT_PHENT, 56,
                AuxVector.AT_PHNUM, 4,
                AuxVector.AT_PAGESZ, 4096,
                AuxVector.AT_ENTRY, 0x401000,
                AuxVector.AT_SECURE, 0,
                AuxVector.AT_RANDOM, randomAddress,
                AuxVector.AT_EXECFN, execfn,
                AuxVector.AT_PLATFORM, platform,
            };
            ulong lowestString = stack.Bottom;

            // Act
            Assert.True(stack.TryFinish(argv, envp, auxv, out ulong stackPointer));

            // Assert: the layout.
            Assert.Equal(Top - 11, execfn);
            Assert.Equal(0, buffer[buffer.Length - 1]);
            Assert.Equal(Top - 11 - 7, platform);
            Assert.Equal(platform - 16, randomAddress);
            Assert.Equal(0UL, stackPointer % 16);
            Assert.Equal(stackPointer, stack.Bottom);
            Assert.Equal((int)(Top - stackPointer), stack.Image.Length);

            // Assert: what the program sees.
            StackImageReader reader = new StackImageReader(stack.Image, stack.Bottom);
            reader.Parse(stackPointer);
            Assert.Equal(args.Length, reader.Argc);
            for (int i = 0; i < args.Length; i++)
            {
                Assert.Equal(args[i], reader.ReadString(reader.ArgvPointers[i]));
            }

            Assert.Equal(env.Length, reader.EnvpPointers.Count);
            for (int i = 0; i < env.Length; i++)
            {
                Assert.Equal(env[i], reader.ReadString(reader.EnvpPointers[i]));
            }

            Assert.Equal(auxv.Length / 2, reader.Auxv.Count);
            for (int i = 0; i < reader.Auxv.Count; i++)
            {
                Assert.Equal((auxv[2 * i], auxv[(2 * i) + 1]), reader.Auxv[i]);
            }

            Assert.Equal(4096UL, reader.AuxValue(AuxVector.AT_PAGESZ));
            Assert.Equal("/bin/hello", reader.ReadString(reader.AuxValue(AuxVector.AT_EXECFN)));
            Assert.Equal("x86_64", reader.ReadString(reader.AuxValue(AuxVector.AT_PLATFORM)));
            Assert.Equal(random, reader.ReadBytes(reader.AuxValue(AuxVector.AT_RANDOM), 16));

            // Assert: the vectors sit below the strings, and the alignment padding between them is zeroed.
            Assert.True(reader.VectorsEnd <= lowestString);
            Assert.All(reader.ReadBytes(reader.VectorsEnd, (int)(lowestString - reader.VectorsEnd)), b => Assert.Equal(0, b));
            Assert.True(lowestString - reader.VectorsEnd < 16);
        }

        [Fact]
        public void StringsAreStackedTopDownEachWithItsNul()
        {
            byte[] buffer = NewBuffer(64);
            InitialStack stack = new InitialStack(buffer, Top);

            Assert.True(stack.TryPushString(Ascii("abc"), out ulong first));
            Assert.True(stack.TryPushString(ReadOnlySpan<byte>.Empty, out ulong empty));
            Assert.True(stack.TryPushString(Ascii("xy"), out ulong third));

            Assert.Equal(Top - 4, first);
            Assert.Equal(Top - 5, empty);
            Assert.Equal(Top - 8, third);
            Assert.Equal(third, stack.Bottom);
            Assert.Equal(Ascii("xy\0\0abc\0"), stack.Image.ToArray());
        }

        [Fact]
        public void EmptyProgramGetsArgcZeroTwoNullsAndAtNull()
        {
            byte[] buffer = NewBuffer(256);
            InitialStack stack = new InitialStack(buffer, Top);

            Assert.True(stack.TryFinish(ReadOnlySpan<ulong>.Empty, ReadOnlySpan<ulong>.Empty, ReadOnlySpan<ulong>.Empty, out ulong stackPointer));

            // Five words (argc, NULL, NULL, AT_NULL, 0) are 40 bytes, rounded down to 48 below a 16-aligned top.
            Assert.Equal(Top - 48, stackPointer);
            byte[] expected = new byte[48];
            Assert.Equal(expected, stack.Image.ToArray());
            StackImageReader reader = new StackImageReader(stack.Image, stack.Bottom);
            reader.Parse(stackPointer);
            Assert.Equal(0, reader.Argc);
            Assert.Empty(reader.EnvpPointers);
            Assert.Empty(reader.Auxv);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(7)]
        [InlineData(8)]
        public void RandomImagesAreAlignedAndReadBack(int seed)
        {
            // Given random counts, string lengths and a top of any alignment, the stack pointer is 16-byte aligned
            // and every pointer leads back to the string that was pushed.
            Random random = new Random(seed);
            for (int round = 0; round < 50; round++)
            {
                ulong top = Top - (ulong)random.Next(0, 64);
                string[] args = RandomStrings(random, random.Next(0, 7));
                string[] env = RandomStrings(random, random.Next(0, 5));
                ulong[] aux = new ulong[2 * random.Next(0, 6)];
                for (int i = 0; i < aux.Length; i += 2)
                {
                    aux[i] = (ulong)random.Next(1, 60);
                    aux[i + 1] = ((ulong)random.Next() << 32) | (uint)random.Next();
                }

                byte[] buffer = NewBuffer(2048);
                Assert.True(TryBuild(buffer, top, args, env, aux, out ulong stackPointer, out byte[] image, out ulong lowestString));

                Assert.Equal(0UL, stackPointer % 16);
                Assert.Equal(top - stackPointer, (ulong)image.Length);
                StackImageReader reader = new StackImageReader(image, stackPointer);
                reader.Parse(stackPointer);
                Assert.Equal(args.Length, reader.Argc);
                Assert.Equal(env.Length, reader.EnvpPointers.Count);
                for (int i = 0; i < args.Length; i++)
                {
                    Assert.Equal(args[i], reader.ReadString(reader.ArgvPointers[i]));
                }

                for (int i = 0; i < env.Length; i++)
                {
                    Assert.Equal(env[i], reader.ReadString(reader.EnvpPointers[i]));
                }

                Assert.Equal(aux.Length / 2, reader.Auxv.Count);
                for (int i = 0; i < reader.Auxv.Count; i++)
                {
                    Assert.Equal((aux[2 * i], aux[(2 * i) + 1]), reader.Auxv[i]);
                }

                Assert.True(reader.VectorsEnd <= lowestString);
                Assert.True(lowestString - reader.VectorsEnd < 16, "more padding than alignment needs");
                Assert.All(reader.ReadBytes(reader.VectorsEnd, (int)(lowestString - reader.VectorsEnd)), b => Assert.Equal(0, b));
            }
        }

        [Fact]
        public void TryPushStringFailsCleanlyWhenTheStringAndItsNulDoNotFit()
        {
            byte[] buffer = NewBuffer(6);
            InitialStack stack = new InitialStack(buffer, Top);

            Assert.True(stack.TryPushString(Ascii("hello"), out ulong fits));
            Assert.False(stack.TryPushString(ReadOnlySpan<byte>.Empty, out ulong none));

            Assert.Equal(Top - 6, fits);
            Assert.Equal(0UL, none);
            Assert.Equal(Top - 6, stack.Bottom);

            InitialStack tooSmall = new InitialStack(NewBuffer(5), Top);
            Assert.False(tooSmall.TryPushString(Ascii("hello"), out _));
            Assert.Equal(Top, tooSmall.Bottom);
            Assert.Equal(0, tooSmall.Image.Length);
        }

        [Fact]
        public void TryPushBytesFailsCleanlyWhenTheBytesDoNotFit()
        {
            byte[] data = new byte[16];
            InitialStack stack = new InitialStack(NewBuffer(16), Top);
            InitialStack tooSmall = new InitialStack(NewBuffer(15), Top);

            Assert.True(stack.TryPushBytes(data, out ulong fits));
            Assert.False(tooSmall.TryPushBytes(data, out ulong none));

            Assert.Equal(Top - 16, fits);
            Assert.Equal(0UL, none);
            Assert.Equal(Top, tooSmall.Bottom);
        }

        [Theory]
        [InlineData(0, 0, 0)]
        [InlineData(1, 0, 1)]
        [InlineData(2, 1, 2)]
        [InlineData(3, 3, 5)]
        [InlineData(5, 2, 9)]
        public void TryFinishNeedsExactlyTheRoomItReports(int argc, int envc, int auxPairs)
        {
            // Given the room an image takes in a large buffer, a buffer that size works and one byte less fails.
            Random random = new Random(argc + (10 * envc) + (100 * auxPairs));
            string[] args = RandomStrings(random, argc);
            string[] env = RandomStrings(random, envc);
            ulong[] aux = new ulong[2 * auxPairs];
            Assert.True(TryBuild(NewBuffer(4096), Top, args, env, aux, out ulong roomyPointer, out _, out _));
            int needed = (int)(Top - roomyPointer);

            bool exact = TryBuild(NewBuffer(needed), Top, args, env, aux, out ulong exactPointer, out byte[] exactImage, out _);
            bool tight = TryBuild(NewBuffer(needed - 1), Top, args, env, aux, out ulong tightPointer, out byte[] tightImage, out ulong tightStrings);

            Assert.True(exact);
            Assert.Equal(roomyPointer, exactPointer);
            Assert.Equal(needed, exactImage.Length);
            Assert.False(tight);
            Assert.Equal(0UL, tightPointer);
            Assert.Equal((int)(Top - tightStrings), tightImage.Length); // only the strings: the failure wrote nothing
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(17)]
        public void TryFinishRejectsAnOddLengthAuxv(int length)
        {
            byte[] buffer = NewBuffer(1024);
            InitialStack stack = new InitialStack(buffer, Top);
            Assert.True(stack.TryPushString(Ascii("prog"), out ulong prog));
            byte[] before = (byte[])buffer.Clone();

            bool finished = stack.TryFinish(new[] { prog }, ReadOnlySpan<ulong>.Empty, new ulong[length], out ulong stackPointer);

            Assert.False(finished);
            Assert.Equal(0UL, stackPointer);
            Assert.Equal(Top - 5, stack.Bottom);
            Assert.Equal(before, buffer);
        }

        // Pushes the strings, a 16-byte AT_RANDOM block, then finishes with the caller's auxv plus AT_RANDOM.
        private static bool TryBuild(
            byte[] buffer, ulong top, string[] args, string[] env, ulong[] aux, out ulong stackPointer, out byte[] image, out ulong lowestString)
        {
            InitialStack stack = new InitialStack(buffer, top);
            stackPointer = 0;
            image = Array.Empty<byte>();
            lowestString = top;
            if (!stack.TryPushBytes(new byte[16], out _))
            {
                return false;
            }

            ulong[] argv = PushAll(ref stack, args);
            ulong[] envp = PushAll(ref stack, env);
            lowestString = stack.Bottom;
            bool finished = stack.TryFinish(argv, envp, aux, out stackPointer);
            image = stack.Image.ToArray();
            return finished;
        }

        private static ulong[] PushAll(ref InitialStack stack, string[] strings)
        {
            ulong[] addresses = new ulong[strings.Length];
            for (int i = 0; i < strings.Length; i++)
            {
                Assert.True(stack.TryPushString(Ascii(strings[i]), out addresses[i]));
            }

            return addresses;
        }

        private static string[] RandomStrings(Random random, int count)
        {
            string[] strings = new string[count];
            for (int i = 0; i < count; i++)
            {
                char[] chars = new char[random.Next(0, 40)];
                for (int j = 0; j < chars.Length; j++)
                {
                    chars[j] = (char)random.Next('!', '~' + 1);
                }

                strings[i] = new string(chars);
            }

            return strings;
        }

        private static byte[] NewBuffer(int length)
        {
            byte[] buffer = new byte[length];
            Array.Fill(buffer, Garbage);
            return buffer;
        }

        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
    }
}
