// Start-up work the compiler leaves to the core library: give every type with reference-typed statics its static
// base object, and run the eager class constructors. The kernel calls InitializeModules once, before any other C#.
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers
{
    // SAFETY: the module headers and sections are the compiler's own, located by the linker symbols around __modules;
    // this runs once, on one CPU, before any static is read.
    public static unsafe class StartupCodeHelpers
    {
        // ReadyToRun section identifiers (NativeAOT's own, from the compiler's ModuleHeaders).
        private const int GCStaticRegionSection = 201;
        private const int EagerCctorSection = 205;
        private const uint ReadyToRunSignature = 0x00525452;

        // Flags in the low bits of a GC static block's MethodTable pointer.
        private const int Uninitialized = 1;
        private const int HasPreInitializedData = 2;
        private const int FlagMask = 3;

        /// <summary>
        /// Walks the module headers between <paramref name="start"/> and <paramref name="end"/> (the linker's
        /// <c>__modules</c> section) and initializes each module's statics.
        /// </summary>
        public static void InitializeModules(nint* start, nint* end)
        {
            for (nint* slot = start; slot < end; slot++)
            {
                if (*slot != 0)
                {
                    InitializeModule((byte*)*slot);
                }
            }
        }

        private static void InitializeModule(byte* header)
        {
            if (*(uint*)header != ReadyToRunSignature)
            {
                RuntimeImports.Panic("ReadyToRun header signature mismatch");
            }

            InitializeStatics(header);
            RunEagerClassConstructors(header);
        }

        private static void InitializeStatics(byte* header)
        {
            if (!TryFindSection(header, GCStaticRegionSection, out byte* start, out byte* end))
            {
                return;
            }

            // .NET 10 on x64 uses 32-bit relative pointers here: each entry points at a block, and an uninitialized
            // block holds a relative pointer to the statics' MethodTable with flag bits (and, with preinitialized
            // data, a second relative pointer to it). The initialized block holds the statics object's address.
            for (byte* entry = start; entry < end; entry += sizeof(int))
            {
                byte* block = ReadRelative(entry);
                int value = *(int*)block;
                if ((value & Uninitialized) == 0)
                {
                    continue;
                }

                MethodTable* type = (MethodTable*)(block + (value & ~FlagMask));
                object statics = RuntimeExports.AllocateObject(type, type->BaseSize);
                byte* obj = (byte*)RuntimeExports.AddressOf(statics);
                if ((value & HasPreInitializedData) != 0)
                {
                    byte* data = ReadRelative(block + sizeof(int));
                    uint size = type->BaseSize - (uint)(2 * sizeof(nint));
                    Unsafe.CopyBlock(obj + sizeof(nint), data, size);
                }

                *(byte**)block = obj;
            }
        }

        private static byte* ReadRelative(byte* address) => address + *(int*)address;

        private static void RunEagerClassConstructors(byte* header)
        {
            if (!TryFindSection(header, EagerCctorSection, out byte* start, out byte* end))
            {
                return;
            }

            for (nint* entry = (nint*)start; entry < (nint*)end; entry++)
            {
                ((delegate*<void>)*entry)();
            }
        }

        // The header: uint signature, ushort major, ushort minor, uint flags, ushort section count, byte entry size,
        // byte entry type; then rows of { int id, int flags, void* start, void* end }.
        private static bool TryFindSection(byte* header, int id, out byte* start, out byte* end)
        {
            ushort count = *(ushort*)(header + 12);
            byte entrySize = *(header + 14);
            byte* row = header + 16;
            for (int i = 0; i < count; i++, row += entrySize)
            {
                if (*(int*)row == id)
                {
                    int flags = *(int*)(row + 4);
                    start = *(byte**)(row + 8);
                    end = (flags & 1) != 0 ? *(byte**)(row + 16) : start + sizeof(nint);
                    return true;
                }
            }

            start = null;
            end = null;
            return false;
        }
    }
}
