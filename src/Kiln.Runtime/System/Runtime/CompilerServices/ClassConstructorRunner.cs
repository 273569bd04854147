// Runs a type's static constructor the first time the compiler-generated check finds it pending.
// The kernel runs class constructors on the boot CPU before other threads exist, so a simple state flip suffices;
// the spin on state 1 keeps it correct once other CPUs arrive.
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
                    continue;
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
