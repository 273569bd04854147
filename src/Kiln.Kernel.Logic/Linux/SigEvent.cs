// struct sigevent as timer_create(2) reads it (include/uapi/asm-generic/siginfo.h): sigev_value, sigev_signo,
// sigev_notify, then a union whose first int is sigev_notify_thread_id; 64 bytes in all.
namespace Kiln.Linux
{
    public static class SigEvent
    {
        public const int ValueOffset = 0;
        public const int SignoOffset = 8;
        public const int NotifyOffset = 12;
        public const int ThreadIdOffset = 16;
        public const int Size = 64;

        public const int SIGEV_SIGNAL = 0;
        public const int SIGEV_NONE = 1;
        public const int SIGEV_THREAD = 2;
        public const int SIGEV_THREAD_ID = 4;
    }
}
