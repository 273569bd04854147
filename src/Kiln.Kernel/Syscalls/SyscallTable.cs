// The system calls Kiln implements, by x86-64 number: an explicit list, one line per call (docs/syscalls.md is
// checked against it by a host test). Every number not listed returns ENOSYS and is counted.
using Kiln.Kernel.Memory;

namespace Kiln.Kernel.Syscalls
{
    internal static unsafe class SyscallTable
    {
        private const int Capacity = 512;

        private static delegate*<ref SyscallArguments, long>* s_handlers;

        public static delegate*<ref SyscallArguments, long> Lookup(ulong number) =>
            number < Capacity ? s_handlers[number] : null;

        public static void Initialize()
        {
            s_handlers = (delegate*<ref SyscallArguments, long>*)KernelHeap.Allocate((nuint)(Capacity * sizeof(nint)));
            Add(0, &IoCalls.Read);                      // read
            Add(1, &IoCalls.Write);                     // write
            Add(2, &FileCalls.Open);                    // open
            Add(3, &DescriptorCalls.Close);             // close
            Add(4, &StatCalls.Stat);                    // stat
            Add(5, &StatCalls.Fstat);                   // fstat
            Add(6, &StatCalls.Lstat);                   // lstat
            Add(7, &PollCalls.Poll);                    // poll
            Add(8, &FileCalls.Lseek);                   // lseek
            Add(9, &MemoryCalls.Mmap);                  // mmap
            Add(10, &MemoryCalls.Mprotect);             // mprotect
            Add(11, &MemoryCalls.Munmap);               // munmap
            Add(12, &MemoryCalls.Brk);                  // brk
            Add(13, &SignalCalls.RtSigaction);          // rt_sigaction
            Add(14, &SignalCalls.RtSigprocmask);        // rt_sigprocmask
            Add(15, &SignalCalls.RtSigreturn);          // rt_sigreturn
            Add(16, &DescriptorCalls.Ioctl);            // ioctl
            Add(17, &IoCalls.Pread64);                  // pread64
            Add(18, &IoCalls.Pwrite64);                 // pwrite64
            Add(19, &IoCalls.Readv);                    // readv
            Add(20, &IoCalls.Writev);                   // writev
            Add(21, &LinkQueryCalls.Access);            // access
            Add(22, &PipeCalls.Pipe);                   // pipe
            Add(23, &SelectCalls.Select);               // select
            Add(24, &SchedulingCalls.SchedYield);       // sched_yield
            Add(25, &MemoryCalls.Mremap);               // mremap
            Add(26, &MemoryCalls.Msync);                // msync
            Add(27, &MemoryCalls.Mincore);              // mincore
            Add(28, &MemoryCalls.Madvise);              // madvise
            Add(32, &DescriptorCalls.Dup);              // dup
            Add(33, &DescriptorCalls.Dup2);             // dup2
            Add(34, &SignalWaitCalls.Pause);            // pause
            Add(35, &TimeCalls.Nanosleep);              // nanosleep
            Add(36, &IntervalTimerCalls.Getitimer);     // getitimer
            Add(37, &IntervalTimerCalls.Alarm);         // alarm
            Add(38, &IntervalTimerCalls.Setitimer);     // setitimer
            Add(39, &ProcessCalls.Getpid);              // getpid
            Add(40, &CopyCalls.Sendfile);               // sendfile
            Add(41, &SocketCalls.Socket);               // socket
            Add(42, &SocketCalls.Connect);              // connect
            Add(43, &SocketCalls.Accept);               // accept
            Add(44, &SocketMessageCalls.Sendto);        // sendto
            Add(45, &SocketMessageCalls.Recvfrom);      // recvfrom
            Add(46, &SocketMessageCalls.Sendmsg);       // sendmsg
            Add(47, &SocketMessageCalls.Recvmsg);       // recvmsg
            Add(48, &SocketCalls.Shutdown);             // shutdown
            Add(49, &SocketCalls.Bind);                 // bind
            Add(50, &SocketCalls.Listen);               // listen
            Add(51, &SocketCalls.Getsockname);          // getsockname
            Add(52, &SocketCalls.Getpeername);          // getpeername
            Add(53, &SocketCalls.Socketpair);           // socketpair
            Add(54, &SocketOptionCalls.Setsockopt);     // setsockopt
            Add(55, &SocketOptionCalls.Getsockopt);     // getsockopt
            Add(56, &ThreadCalls.Clone);                // clone
            Add(60, &ThreadCalls.Exit);                 // exit
            Add(62, &KillCalls.Kill);                   // kill
            Add(63, &InfoCalls.Uname);                  // uname
            Add(72, &DescriptorCalls.Fcntl);            // fcntl
            Add(73, &LockCalls.Flock);                  // flock
            Add(74, &SyncCalls.Fsync);                  // fsync
            Add(75, &SyncCalls.Fdatasync);              // fdatasync
            Add(76, &SizeCalls.Truncate);               // truncate
            Add(77, &SizeCalls.Ftruncate);              // ftruncate
            Add(79, &DirectoryCalls.Getcwd);            // getcwd
            Add(80, &DirectoryCalls.Chdir);             // chdir
            Add(81, &DirectoryCalls.Fchdir);            // fchdir
            Add(82, &PathCalls.Rename);                 // rename
            Add(83, &DirectoryCalls.Mkdir);             // mkdir
            Add(84, &DirectoryCalls.Rmdir);             // rmdir
            Add(85, &FileCalls.Creat);                  // creat
            Add(86, &PathCalls.Link);                   // link
            Add(87, &PathCalls.Unlink);                 // unlink
            Add(88, &PathCalls.Symlink);                // symlink
            Add(89, &LinkQueryCalls.Readlink);          // readlink
            Add(90, &AttributeCalls.Chmod);             // chmod
            Add(91, &AttributeCalls.Fchmod);            // fchmod
            Add(92, &AttributeCalls.Chown);             // chown
            Add(93, &AttributeCalls.Fchown);            // fchown
            Add(94, &AttributeCalls.Lchown);            // lchown
            Add(95, &AttributeCalls.Umask);             // umask
            Add(96, &TimeCalls.Gettimeofday);           // gettimeofday
            Add(97, &InfoCalls.Getrlimit);              // getrlimit
            Add(98, &ResourceCalls.Getrusage);          // getrusage
            Add(99, &ResourceCalls.Sysinfo);            // sysinfo
            Add(100, &ResourceCalls.Times);             // times
            Add(102, &ProcessCalls.Getuid);             // getuid
            Add(104, &ProcessCalls.Getuid);             // getgid
            Add(107, &ProcessCalls.Getuid);             // geteuid
            Add(108, &ProcessCalls.Getuid);             // getegid
            Add(110, &ProcessCalls.Getppid);            // getppid
            Add(127, &SignalWaitCalls.RtSigpending);    // rt_sigpending
            Add(128, &SignalWaitCalls.RtSigtimedwait);  // rt_sigtimedwait
            Add(130, &SignalWaitCalls.RtSigsuspend);    // rt_sigsuspend
            Add(131, &SignalCalls.Sigaltstack);         // sigaltstack
            Add(133, &DirectoryCalls.Mknod);            // mknod
            Add(137, &StatCalls.Statfs);                // statfs
            Add(138, &StatCalls.Fstatfs);               // fstatfs
            Add(157, &ProcessCalls.Prctl);              // prctl
            Add(158, &ThreadCalls.ArchPrctl);           // arch_prctl
            Add(162, &SyncCalls.Sync);                  // sync
            Add(186, &ThreadCalls.Gettid);              // gettid
            Add(200, &KillCalls.Tkill);                 // tkill
            Add(201, &TimeCalls.Time);                  // time
            Add(202, &FutexCalls.Futex);                // futex
            Add(203, &SchedulingCalls.SchedSetaffinity); // sched_setaffinity
            Add(204, &SchedulingCalls.SchedGetaffinity); // sched_getaffinity
            Add(213, &EpollCalls.EpollCreate);          // epoll_create
            Add(217, &DirectoryCalls.Getdents64);       // getdents64
            Add(218, &ThreadCalls.SetTidAddress);       // set_tid_address
            Add(222, &PosixTimerCalls.TimerCreate);     // timer_create
            Add(223, &PosixTimerCalls.TimerSettime);    // timer_settime
            Add(224, &PosixTimerCalls.TimerGettime);    // timer_gettime
            Add(225, &PosixTimerCalls.TimerGetoverrun); // timer_getoverrun
            Add(226, &PosixTimerCalls.TimerDelete);     // timer_delete
            Add(228, &TimeCalls.ClockGettime);          // clock_gettime
            Add(229, &TimeCalls.ClockGetres);           // clock_getres
            Add(230, &TimeCalls.ClockNanosleep);        // clock_nanosleep
            Add(231, &ProcessCalls.ExitGroup);          // exit_group
            Add(232, &EpollCalls.EpollWait);            // epoll_wait
            Add(233, &EpollCalls.EpollCtl);             // epoll_ctl
            Add(234, &KillCalls.Tgkill);                // tgkill
            Add(257, &FileCalls.Openat);                // openat
            Add(258, &DirectoryCalls.Mkdirat);          // mkdirat
            Add(259, &DirectoryCalls.Mknodat);          // mknodat
            Add(260, &AttributeCalls.Fchownat);         // fchownat
            Add(262, &StatCalls.Newfstatat);            // newfstatat
            Add(263, &PathCalls.Unlinkat);              // unlinkat
            Add(264, &PathCalls.Renameat);              // renameat
            Add(265, &PathCalls.Linkat);                // linkat
            Add(266, &PathCalls.Symlinkat);             // symlinkat
            Add(267, &LinkQueryCalls.Readlinkat);       // readlinkat
            Add(268, &AttributeCalls.Fchmodat);         // fchmodat
            Add(269, &LinkQueryCalls.Faccessat);        // faccessat
            Add(270, &SelectCalls.Pselect6);            // pselect6
            Add(271, &PollCalls.Ppoll);                 // ppoll
            Add(273, &ThreadCalls.SetRobustList);       // set_robust_list
            Add(274, &ThreadCalls.GetRobustList);       // get_robust_list
            Add(280, &AttributeCalls.Utimensat);        // utimensat
            Add(281, &EpollCalls.EpollPwait);           // epoll_pwait
            Add(284, &EventFdCalls.Eventfd);            // eventfd
            Add(285, &SizeCalls.Fallocate);             // fallocate
            Add(288, &SocketCalls.Accept4);             // accept4
            Add(290, &EventFdCalls.Eventfd2);           // eventfd2
            Add(291, &EpollCalls.EpollCreate1);         // epoll_create1
            Add(292, &DescriptorCalls.Dup3);            // dup3
            Add(293, &PipeCalls.Pipe2);                 // pipe2
            Add(295, &IoCalls.Preadv);                  // preadv
            Add(296, &IoCalls.Pwritev);                 // pwritev
            Add(299, &SocketMessageCalls.Recvmmsg);     // recvmmsg
            Add(302, &InfoCalls.Prlimit64);             // prlimit64
            Add(306, &SyncCalls.Syncfs);                // syncfs
            Add(307, &SocketMessageCalls.Sendmmsg);     // sendmmsg
            Add(309, &SchedulingCalls.Getcpu);          // getcpu
            Add(316, &PathCalls.Renameat2);             // renameat2
            Add(318, &InfoCalls.Getrandom);             // getrandom
            Add(319, &MemfdCalls.MemfdCreate);          // memfd_create
            Add(324, &SchedulingCalls.Membarrier);      // membarrier
            Add(326, &CopyCalls.CopyFileRange);         // copy_file_range
            Add(332, &StatCalls.Statx);                 // statx
            Add(334, &ProcessCalls.Rseq);               // rseq
            Add(435, &ThreadCalls.Clone3);              // clone3
            Add(436, &DescriptorCalls.CloseRange);      // close_range
            Add(439, &LinkQueryCalls.Faccessat2);       // faccessat2
            Add(441, &EpollCalls.EpollPwait2);          // epoll_pwait2
        }

        private static void Add(int number, delegate*<ref SyscallArguments, long> handler) => s_handlers[number] = handler;
    }
}
