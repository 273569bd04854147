// Runs a type's static constructor the first time the compiler-generated check finds it pending.
// The kernel is one CPU and never preempted inside itself, so a constructor found running (state 1) can only be
// this CPU re-entering it from within itself (a constructor that touches its own type's statics): as .NET does for
// a recursive access on the same thread, the caller proceeds with the statics as they are. SMP will need the
// running CPU recorded so that other CPUs wait instead.
namespace System.Runtime.CompilerServices
{
    internal static unsafe class ClassConstructorRunner
    {
        private static object CheckStaticClassConstructionReturnGCStaticBase(ref StaticClassConstructionContext context, object gcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return gcStaticBase;
        }

        private static nint CheckStaticClassConstructionReturnNonGCStaticBase(ref StaticClassConstructionContext context, nint nonGcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return nonGcStaticBase;
        }

        private static void EnsureClassConstructorRun(ref StaticClassConstructionContext context)
        {
            while (true)
            {
                nint state = context.cctorMethodAddress;
                if (state == 0)
                {
                    return;
                }

                if (state == 1)
                {
                    return;
                }

                if (System.Threading.Interlocked.CompareExchange(ref Unsafe.As<nint, long>(ref context.cctorMethodAddress), 1, state) == state)
                {
                    ((delegate*<void>)state)();
                    context.cctorMethodAddress = 0;
                    return;
                }
            }
        }
    }
}
