// Passing descriptors over AF_UNIX sockets (SCM_RIGHTS, unix(7) and cmsg(3)): a send takes a reference on each file
// named in its control data and attaches them to its first message; the receive that reads that message installs
// them as new descriptors (MSG_CMSG_CLOEXEC marks them close-on-exec) and writes one cmsghdr, truncating with
// MSG_CTRUNC (and closing what does not fit) when the control buffer is short. A peek installs copies.
using Kiln.Kernel.Files;
using Kiln.Kernel.Memory;
using Kiln.Kernel.Syscalls;
using Kiln.Linux;

namespace Kiln.Kernel.Sockets
{
    internal sealed unsafe partial class UnixSocket
    {
        // struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type; the data follows, aligned to 8 bytes.
        private const int ControlHeader = 16;

        private static int ControlAlign(int length) => (length + 7) & ~7;

        /// <summary>Attaches the files of the message's SCM_RIGHTS to <paramref name="unit"/>: 0, -EINVAL or -EBADF.</summary>
        private static long AttachRights(ref SocketMessage message, UnixMessage unit)
        {
            if (message.Control == null)
            {
                return 0;
            }

            int at = 0;
            while (at + ControlHeader <= message.ControlLength)
            {
                byte* header = message.Control + at;
                ulong length = *(ulong*)header;
                int level = *(int*)(header + 8);
                int type = *(int*)(header + 12);
                if (length < ControlHeader || length > (ulong)(message.ControlLength - at))
                {
                    return -Errno.EINVAL;
                }

                if (level != SocketAbi.SOL_SOCKET)
                {
                    return -Errno.EINVAL;
                }

                if (type == SocketAbi.SCM_RIGHTS)
                {
                    int count = (int)(length - ControlHeader) / 4;
                    if (count + unit.RightsCount > SocketAbi.SCM_MAX_FD)
                    {
                        return -Errno.EINVAL;
                    }

                    int* fds = (int*)(header + ControlHeader);
                    for (int i = 0; i < count; i++)
                    {
                        OpenFile file = FileTable.Current.Acquire(fds[i]);
                        if (file == null)
                        {
                            return -Errno.EBADF;
                        }

                        unit.AddRight(file);
                    }
                }
                else if (type != SocketAbi.SCM_CREDENTIALS)
                {
                    return -Errno.EINVAL;
                }

                at += ControlAlign((int)length);
            }

            return 0;
        }

        private static void DeliverRights(ref SocketMessage message, UnixMessage unit)
        {
            bool keep = message.Peek;
            int room = message.ControlCapacity - message.ControlWritten;
            int fit = room < ControlHeader + 4 || message.ControlUser == 0 ? 0 : (room - ControlHeader) / 4;
            if (fit > unit.RightsCount)
            {
                fit = unit.RightsCount;
            }

            bool closeOnExec = (message.Flags & SocketAbi.MSG_CMSG_CLOEXEC) != 0;
            int* fds = stackalloc int[SocketAbi.SCM_MAX_FD];
            int installed = 0;
            FileTable table = FileTable.Current;
            for (int i = 0; i < fit; i++)
            {
                OpenFile file = unit.Rights[i];
                file.AddReference();
                int fd = table.Install(file, 0, closeOnExec, InfoCalls.OpenFileLimit);
                if (fd < 0)
                {
                    file.Drop();
                    break;
                }

                fds[installed++] = fd;
            }

            if (installed > 0)
            {
                ulong* header = stackalloc ulong[2];
                header[0] = (ulong)(ControlHeader + (4 * installed));
                ((int*)header)[2] = SocketAbi.SOL_SOCKET;
                ((int*)header)[3] = SocketAbi.SCM_RIGHTS;
                ulong user = message.ControlUser + (ulong)message.ControlWritten;
                if (!UserMemory.CopyToUser(user, header, ControlHeader) || !UserMemory.CopyToUser(user + ControlHeader, fds, (ulong)(4 * installed)))
                {
                    for (int i = 0; i < installed; i++)
                    {
                        table.Close(fds[i]);
                    }

                    installed = 0;
                }
                else
                {
                    int space = ControlAlign(ControlHeader + (4 * installed));
                    message.ControlWritten += space < room ? space : room;
                }
            }

            if (installed < unit.RightsCount)
            {
                message.ResultFlags |= SocketAbi.MSG_CTRUNC;
            }

            if (!keep)
            {
                for (int i = 0; i < unit.RightsCount; i++)
                {
                    unit.Rights[i].Drop();
                    unit.Rights[i] = null;
                }

                unit.RightsCount = 0;
            }
        }
    }
}
