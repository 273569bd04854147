// What a BlockRequest asks the device to do.
namespace Kiln.Kernel.Storage
{
    internal enum BlockOperation : byte
    {
        Read,
        Write,
        Flush,

        /// <summary>virtio-blk's device id string (VIRTIO_BLK_T_GET_ID): up to 20 bytes into Buffer.</summary>
        GetId,
    }
}
