// Test helper that writes a cpio newc archive from (name, mode, data) entries using the measure-then-write API.

using System;
using System.Text;
using Kiln.Cpio;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Support
{
    internal static class ArchiveBuilder
    {
        public static byte[] Build(params (string Name, uint Mode, byte[] Data)[] entries)
        {
            long size = CpioWriter.MeasureTrailer();
            foreach ((string name, uint _, byte[] data) in entries)
            {
                size += CpioWriter.MeasureEntry(Encoding.UTF8.GetByteCount(name), data.Length);
            }

            byte[] archive = new byte[size];
            CpioWriter writer = new CpioWriter(archive);
            foreach ((string name, uint mode, byte[] data) in entries)
            {
                Assert.Equal(CpioError.None, writer.Add(Encoding.UTF8.GetBytes(name), mode, data));
            }

            Assert.Equal(CpioError.None, writer.Finish());
            Assert.Equal(archive.Length, writer.Length);
            return archive;
        }
    }
}
