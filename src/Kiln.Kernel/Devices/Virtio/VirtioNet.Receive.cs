// virtio-net's receive path (virtio 1.2, 5.1.6.3-5.1.6.4): take finished buffers from the used ring, join a frame
// that spans several mergeable buffers, finish a partial checksum the device left (VIRTIO_NET_F_GUEST_CSUM), hand
// the frame to the sink and give every buffer straight back to the device.
using System;
using Kiln.Devices;
using Kiln.Kernel.Net;

namespace Kiln.Kernel.Devices.Virtio
{
    internal sealed unsafe partial class VirtioNet
    {
        public override int Poll(FrameSink sink, int budget)
        {
            int frames = 0;
            bool posted = false;
            while (frames < budget && _receive.TakeUsed(out int _, out ulong token, out uint written))
            {
                posted = true;
                frames++;
                int index = (int)token;
                if (index < 0 || index >= _receiveBufferCount || written > (uint)_receiveBufferSize
                    || !VirtioNetHeader.Read(new ReadOnlySpan<byte>(ReceiveBuffer(index), (int)written), _headerLength, out VirtioNetHeader header))
                {
                    ReceiveDrops++;
                    if (index >= 0 && index < _receiveBufferCount)
                    {
                        Post(index);
                    }

                    continue;
                }

                int buffers = _mergeable ? header.NumBuffers : 1;
                if (buffers == 1)
                {
                    Deliver(sink, header, new Span<byte>(ReceiveBuffer(index) + _headerLength, (int)written - _headerLength));
                    Post(index);
                    continue;
                }

                int length = Gather(index, (int)written, buffers);
                if (length < 0)
                {
                    ReceiveDrops++;
                    continue;
                }

                FramesMerged++;
                Deliver(sink, header, new Span<byte>(_assembly, length));
            }

            if (posted)
            {
                _receive.KickIfNeeded();
            }

            return frames;
        }

        public override bool ArmReceiveInterrupt() => !ReceivesByInterrupt || !_receive.EnableInterrupts();

        // Copies a frame that fills `buffers` receive buffers (the first, `first`, already taken) into the assembly
        // buffer and posts them all again; the frame's length, or -1 when it is malformed or too long. The device
        // publishes all of a frame's buffers at once (5.1.6.4.2), so the rest are already in the used ring.
        private int Gather(int first, int written, int buffers)
        {
            int length = written - _headerLength;
            bool fits = length <= MaxFrame;
            if (fits)
            {
                Kiln.Kernel.Arch.X86_64.Cpu.CopyMemory(_assembly, ReceiveBuffer(first) + _headerLength, (nuint)length);
            }

            Post(first);
            for (int i = 1; i < buffers; i++)
            {
                if (!_receive.TakeUsed(out int _, out ulong token, out uint more))
                {
                    return -1;
                }

                int index = (int)token;
                if (index < 0 || index >= _receiveBufferCount)
                {
                    fits = false;
                    continue;
                }

                if (fits && more <= (uint)_receiveBufferSize && length + (int)more <= MaxFrame)
                {
                    Kiln.Kernel.Arch.X86_64.Cpu.CopyMemory(_assembly + length, ReceiveBuffer(index), more);
                    length += (int)more;
                }
                else
                {
                    fits = false;
                }

                Post(index);
            }

            return fits ? length : -1;
        }

        private void Deliver(FrameSink sink, in VirtioNetHeader header, Span<byte> frame)
        {
            if ((header.Flags & VirtioNetHeader.VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0 && !header.CompleteChecksum(frame))
            {
                ReceiveDrops++;
                return;
            }

            FramesReceived++;
            sink.OnFrame(this, frame);
        }
    }
}
