// The CMOS real-time clock (MC146818): read once at boot for the wall-clock time, in UTC as QEMU presents it.
using Kiln.Kernel.Arch.X86_64;

namespace Kiln.Kernel.Time
{
    internal static class RealTimeClock
    {
        public static ulong ReadUnixSeconds()
        {
            while ((Read(0x0A) & 0x80) != 0)
            {
            }

            byte statusB = Read(0x0B);
            bool binary = (statusB & 0x04) != 0;
            ulong second = Decode(Read(0x00), binary);
            ulong minute = Decode(Read(0x02), binary);
            ulong hour = Decode((byte)(Read(0x04) & 0x7F), binary);
            ulong day = Decode(Read(0x07), binary);
            ulong month = Decode(Read(0x08), binary);
            ulong year = Decode(Read(0x09), binary) + 2000;
            return (DaysSinceEpoch(year, month, day) * 86400) + (hour * 3600) + (minute * 60) + second;
        }

        private static byte Read(byte register)
        {
            Cpu.OutByte(0x70, register);
            return Cpu.InByte(0x71);
        }

        private static ulong Decode(byte value, bool binary) => binary ? value : (ulong)(((value >> 4) * 10) + (value & 0x0F));

        // Days from 1970-01-01 to the given civil date (Howard Hinnant's days_from_civil).
        private static ulong DaysSinceEpoch(ulong year, ulong month, ulong day)
        {
            long y = (long)year - (month <= 2 ? 1 : 0);
            long era = y / 400;
            long yearOfEra = y - (era * 400);
            long m = (long)month;
            long dayOfYear = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + (long)day - 1;
            long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
            return (ulong)((era * 146097) + dayOfEra - 719468);
        }
    }
}
