// The vvar page's ABI: VdsoData's field offsets (what the kernel writes) must be the VVAR_* offsets the vDSO's
// assembly reads, and the feature bits the same on both sides; a change to one without the other fails here.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Kiln.Time;
using Xunit;

namespace Kiln.Kernel.Logic.Tests.Time
{
    public sealed class VdsoDataLayoutTests
    {
        private const string VdsoSourcePath = "src/Kiln.Kernel/Arch/X86_64/Vdso/vdso.S";

        // `.set VVAR_BASE_TSC, 8`
        private static readonly Regex s_setLine = new Regex(@"^\s*\.set\s+(\w+),\s*(0x[0-9A-Fa-f]+|\d+)\s*$");

        [Theory]
        [InlineData("VVAR_SEQUENCE", nameof(VdsoData.Sequence))]
        [InlineData("VVAR_FEATURES", nameof(VdsoData.Features))]
        [InlineData("VVAR_BASE_TSC", nameof(VdsoData.BaseTsc))]
        [InlineData("VVAR_BASE_NS", nameof(VdsoData.BaseNs))]
        [InlineData("VVAR_MULT", nameof(VdsoData.Mult))]
        [InlineData("VVAR_SHIFT", nameof(VdsoData.Shift))]
        [InlineData("VVAR_WALL_OFFSET_NS", nameof(VdsoData.WallOffsetNs))]
        public void AssemblyOffsetIsTheFieldOffset(string constant, string field)
        {
            Dictionary<string, long> constants = AssemblyConstants();

            Assert.True(constants.ContainsKey(constant), $"{VdsoSourcePath} does not define {constant}");
            Assert.Equal((long)Marshal.OffsetOf<VdsoData>(field), constants[constant]);
        }

        [Fact]
        public void FeatureBitsMatch()
        {
            Dictionary<string, long> constants = AssemblyConstants();

            Assert.Equal(VdsoFeatures.Rdpid, (uint)constants["FEATURE_RDPID"]);
            Assert.Equal(VdsoFeatures.Rdtscp, (uint)constants["FEATURE_RDTSCP"]);
        }

        [Fact]
        public void DataFitsInOnePageAndSequenceComesFirst()
        {
            Assert.Equal(64, Marshal.SizeOf<VdsoData>());
            Assert.Equal(0, (int)Marshal.OffsetOf<VdsoData>(nameof(VdsoData.Sequence)));
        }

        private static Dictionary<string, long> AssemblyConstants()
        {
            Dictionary<string, long> constants = new Dictionary<string, long>();
            foreach (string line in File.ReadAllLines(Path.Combine(RepositoryRoot(), VdsoSourcePath)))
            {
                Match match = s_setLine.Match(line);
                if (match.Success)
                {
                    string value = match.Groups[2].Value;
                    constants[match.Groups[1].Value] = value.StartsWith("0x", StringComparison.Ordinal)
                        ? Convert.ToInt64(value.Substring(2), 16)
                        : long.Parse(value);
                }
            }

            return constants;
        }

        private static string RepositoryRoot()
        {
            for (DirectoryInfo? directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Kiln.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("no Kiln.sln above " + AppContext.BaseDirectory);
        }
    }
}
