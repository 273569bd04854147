// One GPT partition entry: its type, its own GUID, the sectors it covers (LastLba inclusive) and its name.
#nullable enable
namespace Kiln.Storage
{
    public struct GptPartition
    {
        public GptGuid Type;
        public GptGuid Unique;
        public ulong FirstLba;
        public ulong LastLba;

        /// <summary>The name (up to 36 UTF-16 code units; ASCII here), or null.</summary>
        public string? Name;

        public ulong SectorCount => LastLba - FirstLba + 1;
    }
}
