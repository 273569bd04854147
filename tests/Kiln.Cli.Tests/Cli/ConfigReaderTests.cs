// ConfigReader on a complete, valid config: every key lands where RunCommand expects it, relative paths are taken
// relative to the config file.

using System.IO;
using System.Text;
using Xunit;

namespace Kiln.Cli.Tests.Cli
{
    public sealed class ConfigReaderTests
    {
        [Fact]
        public void Every_key_is_read()
        {
            string json = @"{
  // comments are allowed
  ""Args"": [""serve"", ""--port=8080""],
  ""Env"": { ""HOME"": ""/root"", ""MODE"": ""a=b"" },
  ""Files"": [""app.py""],
  ""Dirs"": [""static""],
  ""MapDirs"": { ""data"": ""/srv/data"" },
  ""RunConfig"": { ""Memory"": ""1G"", ""Ports"": [""8080"", 9090] },
  ""Mounts"": { ""vol1"": ""/data"" },
}";
            string directory = Path.Combine(Path.GetTempPath(), "kiln-config-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                string path = Path.Combine(directory, "config.json");
                File.WriteAllText(path, json);
                ConfigFile config = ConfigReader.Read(path, out Kiln.Host.HostError? error)!;
                Assert.Null(error);
                Assert.Equal(new[] { "serve", "--port=8080" }, config.Args);
                Assert.Equal(new[] { "HOME=/root", "MODE=a=b" }, config.Env);
                Assert.Equal(new[] { Path.Combine(directory, "app.py") }, config.Files);
                Assert.Equal(new[] { Path.Combine(directory, "static") }, config.Dirs);
                Assert.Equal((Path.Combine(directory, "data"), "/srv/data"), Assert.Single(config.MapDirs));
                Assert.Equal("1G", config.Memory);
                Assert.Equal(new[] { "8080", "9090" }, config.Ports);
                Assert.Equal(("vol1", "/data"), Assert.Single(config.Mounts));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        [Fact]
        public void The_network_keys_are_read()
        {
            string json = @"{
  ""RunConfig"": { ""Ports"": [""8000-8010"", 443], ""UDPPorts"": [53, ""5353""], ""IPAddress"": ""192.168.1.5"", ""NetMask"": ""255.255.255.0"", ""Gateway"": ""192.168.1.1"" },
  ""NameServers"": [""1.1.1.1"", ""8.8.8.8""],
}";
            ConfigFile? config = ConfigReader.Parse(Encoding.UTF8.GetBytes(json), "c.json", out Kiln.Host.HostError? error);
            Assert.Null(error);
            Assert.Equal(new[] { "8000-8010", "443" }, config!.Ports);
            Assert.Equal(new[] { "53", "5353" }, config.UdpPorts);
            Assert.Equal(("192.168.1.5", "255.255.255.0", "192.168.1.1"), (config.IPAddress, config.NetMask, config.Gateway));
            Assert.Equal(new[] { "1.1.1.1", "8.8.8.8" }, config.NameServers);
        }

        [Fact]
        public void An_empty_object_is_a_valid_config()
        {
            ConfigFile? config = ConfigReader.Parse(Encoding.UTF8.GetBytes("{}"), "c.json", out Kiln.Host.HostError? error);
            Assert.Null(error);
            Assert.Empty(config!.Args);
            Assert.Null(config.Memory);
        }
    }
}
