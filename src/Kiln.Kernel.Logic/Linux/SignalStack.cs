// sigaltstack(2)'s rules as Linux applies them (kernel/signal.c: on_sig_stack, sas_ss_flags, do_sigaltstack).
namespace Kiln.Linux
{
    public static class SignalStack
    {
        public const int SS_ONSTACK = 1;
        public const int SS_DISABLE = 2;
        public const int SS_AUTODISARM = unchecked((int)0x80000000);
        public const ulong MINSIGSTKSZ = 2048;

        /// <summary>
        /// Whether <paramref name="sp"/> is on the alternate stack [base, base + size]. A stack with SS_AUTODISARM
        /// never counts as in use: it is disarmed while a handler runs on it.
        /// </summary>
        public static bool IsOn(ulong sp, ulong stackBase, ulong size, int flags) =>
            (flags & SS_AUTODISARM) == 0 && Contains(sp, stackBase, size);

        /// <summary>Whether <paramref name="sp"/> lies in (base, base + size], whatever the flags.</summary>
        public static bool Contains(ulong sp, ulong stackBase, ulong size) => sp > stackBase && sp - stackBase <= size;

        /// <summary>The ss_flags a program is told for stack pointer <paramref name="sp"/>.</summary>
        public static int FlagsAt(ulong sp, ulong stackBase, ulong size, int flags) =>
            size == 0 ? SS_DISABLE : IsOn(sp, stackBase, size, flags) ? SS_ONSTACK : 0;

        /// <summary>
        /// Checks a new setting: 0, -EINVAL for an unknown mode, -ENOMEM for a stack smaller than MINSIGSTKSZ
        /// (unless it disables the stack). Changing the stack while running on it (EPERM) is the caller's check.
        /// </summary>
        public static long Validate(int flags, ulong size)
        {
            int mode = flags & ~SS_AUTODISARM;
            if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
            {
                return -Errno.EINVAL;
            }

            if (mode != SS_DISABLE && size < MINSIGSTKSZ)
            {
                return -Errno.ENOMEM;
            }

            return 0;
        }
    }
}
