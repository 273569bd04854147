// Exceptions exist only so that the compiler can name them: Kiln has no unwinder, and a throw is a kernel panic.
namespace System
{
    public class Exception
    {
        public Exception()
        {
        }

        public Exception(string message)
        {
        }
    }
}
