// struct kernel_sigaction as rt_sigaction(2) takes it on x86-64 (the kernel's struct sigaction, not glibc's):
// sa_handler, sa_flags, sa_restorer, sa_mask, one 8-byte word each. And the SA_ flags (uapi/asm-generic/signal-defs.h,
// arch/x86/include/uapi/asm/signal.h).
namespace Kiln.Linux
{
    public static class SignalAction
    {
        public const int HandlerOffset = 0;
        public const int FlagsOffset = 8;
        public const int RestorerOffset = 16;
        public const int MaskOffset = 24;
        public const int Size = 32;

        public const ulong SIG_DFL = 0;
        public const ulong SIG_IGN = 1;

        public const ulong SA_NOCLDSTOP = 0x00000001;
        public const ulong SA_NOCLDWAIT = 0x00000002;
        public const ulong SA_SIGINFO = 0x00000004;
        public const ulong SA_UNSUPPORTED = 0x00000400;
        public const ulong SA_EXPOSE_TAGBITS = 0x00000800;
        public const ulong SA_RESTORER = 0x04000000;
        public const ulong SA_ONSTACK = 0x08000000;
        public const ulong SA_RESTART = 0x10000000;
        public const ulong SA_NODEFER = 0x40000000;
        public const ulong SA_RESETHAND = 0x80000000;

        /// <summary>
        /// The flags Linux keeps (UAPI_SA_FLAGS); it clears the rest so that a program can detect an unsupported flag
        /// by reading the action back (SA_UNSUPPORTED is the probe).
        /// </summary>
        public const ulong KnownFlags = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER
            | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER;
    }
}
