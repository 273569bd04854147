// The kernel's one network stack and the NICs under it. NetworkService.Stack exists from boot (loopback); the PCI
// probe registers each NIC (Register), the boot configures their addresses once the manifest is read (Start, see
// NetworkService.Configuration.cs) and starts the network kernel thread, which does all of the stack's work that no
// system call does: it sleeps until a receive interrupt or the stack's next timer, then drains every NIC's receive
// ring into the stack, runs the stack's timers and reclaims transmit slots. Socket system calls reach the stack
// through Stack.
using Kiln.Kernel.Arch.X86_64;
using Kiln.Kernel.Console;
using Kiln.Kernel.Scheduling;
using Kiln.Kernel.Time;
using Kiln.Net.Stack;

namespace Kiln.Kernel.Net
{
    internal static unsafe partial class NetworkService
    {
        public const int MaxDevices = 8;

        /// <summary>Frames taken from one NIC before the others, the timers and the other threads get a turn.</summary>
        private const int ReceiveBudget = 64;

        /// <summary>How often a NIC without a receive interrupt is polled.</summary>
        private const ulong PollIntervalNs = 1_000_000;

        private static readonly NetworkDevice[] s_devices = new NetworkDevice[MaxDevices];
        private static readonly WaitQueue s_wakeUp = new WaitQueue();
        private static NetStack s_stack;
        private static FrameSink s_sink;
        private static FrameSink s_stackSink;
        private static ulong s_sleepDeadline = Scheduler.Forever;
        private static bool s_sleeping;
        private static int s_deviceCount;
        private static Thread s_thread;

        /// <summary>The stack; never null after Initialize.</summary>
        public static NetStack Stack => s_stack;

        public static int DeviceCount => s_deviceCount;

        /// <summary>Times the network thread woke up (interrupt, timer or poll), for the self-test and statistics.</summary>
        public static ulong Wakeups { get; private set; }

        public static NetworkDevice GetDevice(int index) => s_devices[index];

        /// <summary>Cycles the network thread spent draining receive rings (driver and stack), and the frames drained.</summary>
        public static ulong ReceiveCycles { get; private set; }

        public static ulong ReceiveFrames { get; private set; }

        public static void Initialize()
        {
            s_stack = new NetStack(new KernelNetEnvironment());
            s_stackSink = new StackSink();
            s_sink = s_stackSink;
        }

        /// <summary>Adds a NIC the probe brought up: it becomes the stack's next Ethernet interface (eth0, eth1 ...).</summary>
        public static bool Register(NetworkDevice device)
        {
            if (s_deviceCount == MaxDevices)
            {
                KernelLog.WriteLine("kiln: net: too many network devices; this one stays unused");
                return false;
            }

            device.Number = s_deviceCount;
            s_devices[s_deviceCount++] = device;
            device.Interface = s_stack.AddInterface(device);
            return true;
        }

        /// <summary>Sends received frames somewhere else than the stack (the net self-test's raw checks).</summary>
        public static void SetSink(FrameSink sink) => s_sink = sink;

        /// <summary>Sends received frames to the stack again (the default).</summary>
        public static void UseStack() => s_sink = s_stackSink;

        /// <summary>
        /// Starts the network thread (once; the scheduler must run). False when there is no memory. Boot starts it
        /// when there is a NIC; the first inet socket starts it otherwise, since loopback TCP needs the stack's timers
        /// (retransmission, delayed ACKs, TIME-WAIT) too.
        /// </summary>
        public static bool StartThread()
        {
            if (s_thread != null)
            {
                return true;
            }

            s_thread = Scheduler.StartKernelThread(&Run);
            if (s_thread == null)
            {
                KernelLog.WriteLine("kiln: net: no memory for the network thread; the network stays down");
                return false;
            }

            return true;
        }

        /// <summary>A NIC's receive interrupt (interrupts off): the network thread takes it from here.</summary>
        public static void WakeFromInterrupt() => s_wakeUp.WakeAll();

        /// <summary>Wakes the network thread from a system call.</summary>
        public static void Wake() => s_wakeUp.WakeAll();

        /// <summary>
        /// Call after using the stack outside the network thread (a socket call): when that armed a timer earlier
        /// than the one the sleeping network thread waits for (a SYN's retransmission, a delayed ACK), wake the
        /// thread so it sleeps again with the new deadline. Cheap when nothing changed.
        /// </summary>
        public static void TimersChanged()
        {
            if (s_sleeping && s_stack.NextTimerDeadline < (long)(s_sleepDeadline > long.MaxValue ? long.MaxValue : s_sleepDeadline))
            {
                s_wakeUp.WakeAll();
            }
        }

        // The network thread. The kernel is not preemptible and runs with interrupts off, so between the last check
        // of the rings and the wait no interrupt can slip by: it arrives during the wait and wakes the thread.
        private static void Run()
        {
            Scheduler.KernelThreadStarted();
            for (;;)
            {
                Wakeups++;
                bool more = false;
                for (int i = 0; i < s_deviceCount; i++)
                {
                    NetworkDevice device = s_devices[i];
                    ulong start = Cpu.ReadTimeStampCounter();
                    device.BeginTransmitBatch();
                    int frames = device.Poll(s_sink, ReceiveBudget);
                    device.EndTransmitBatch();
                    if (frames > 0)
                    {
                        ReceiveCycles += Cpu.ReadTimeStampCounter() - start;
                        ReceiveFrames += (ulong)frames;
                    }

                    more |= frames == ReceiveBudget;

                    device.ReclaimTransmitted();
                }

                s_stack.RunTimers();
                if (more)
                {
                    // A full budget: let the program's threads run, then carry on draining.
                    Scheduler.Yield(false);
                    continue;
                }

                // NAPI-style: the rings are empty; unmask the receive interrupts and look once more, since a frame
                // that arrived while they were masked raises none.
                bool polling = false;
                for (int i = 0; i < s_deviceCount; i++)
                {
                    NetworkDevice device = s_devices[i];
                    if (!device.ArmReceiveInterrupt())
                    {
                        more = true;
                    }

                    polling |= !device.ReceivesByInterrupt;
                }

                if (more)
                {
                    continue;
                }

                AnnounceLeases();
                s_sleepDeadline = NextDeadline(polling);
                s_sleeping = true;
                s_wakeUp.Wait(s_sleepDeadline, interruptible: false);
                s_sleeping = false;
            }
        }

        private static ulong NextDeadline(bool polling)
        {
            long timers = s_stack.NextTimerDeadline;
            ulong deadline = timers == long.MaxValue ? Scheduler.Forever : (ulong)(timers < 0 ? 0 : timers);
            if (polling)
            {
                ulong poll = Clock.MonotonicNs() + PollIntervalNs;
                if (poll < deadline)
                {
                    deadline = poll;
                }
            }

            return deadline;
        }

        private sealed class StackSink : FrameSink
        {
            public override void OnFrame(NetworkDevice device, System.Span<byte> frame)
            {
                if (device.Interface != null)
                {
                    s_stack.Receive(device.Interface, frame);
                }
            }
        }
    }
}
