// Expands the dynamic string tokens ld.so substitutes in DT_RPATH, DT_RUNPATH, LD_LIBRARY_PATH and DT_NEEDED
// (ld.so(8), "Dynamic string tokens"): $ORIGIN, $LIB and $PLATFORM, also written ${ORIGIN}, ${LIB}, ${PLATFORM}.
// The values of $LIB and $PLATFORM are the ones Debian's x86-64 glibc uses (seen with LD_DEBUG=libs).

using System.Text;

namespace Kiln.Host.Libraries
{
    /// <summary>Dynamic string token expansion.</summary>
    public static class DynamicStringTokens
    {
        /// <summary>$LIB on Debian x86-64 (its multiarch library directory).</summary>
        public const string Lib = "lib/x86_64-linux-gnu";

        /// <summary>$PLATFORM on x86-64 (AT_PLATFORM).</summary>
        public const string Platform = "x86_64";

        /// <summary>Replaces the tokens in <paramref name="text"/>; <paramref name="origin"/> is the object's directory.</summary>
        /// <returns>The expanded text; a '$' that starts no known token stays as it is, as in ld.so.</returns>
        public static string Expand(string text, string origin)
        {
            if (text.IndexOf('$') < 0)
            {
                return text;
            }

            StringBuilder result = new StringBuilder(text.Length + origin.Length);
            int i = 0;
            while (i < text.Length)
            {
                if (text[i] != '$')
                {
                    result.Append(text[i++]);
                    continue;
                }

                int length = MatchToken(text, i + 1, "ORIGIN");
                string? value = origin;
                if (length == 0)
                {
                    length = MatchToken(text, i + 1, "LIB");
                    value = Lib;
                }

                if (length == 0)
                {
                    length = MatchToken(text, i + 1, "PLATFORM");
                    value = Platform;
                }

                if (length == 0)
                {
                    result.Append('$');
                    i++;
                    continue;
                }

                result.Append(value);
                i += 1 + length;
            }

            return result.ToString();
        }

        // Length of "NAME" or "{NAME}" at text[start]; the bare form must end the text or be followed by '/' (glibc's
        // is_dst). 0 if neither matches.
        private static int MatchToken(string text, int start, string name)
        {
            if (string.CompareOrdinal(text, start, name, 0, name.Length) == 0)
            {
                int end = start + name.Length;
                return end == text.Length || text[end] == '/' ? name.Length : 0;
            }

            if (start < text.Length && text[start] == '{' &&
                string.CompareOrdinal(text, start + 1, name, 0, name.Length) == 0 &&
                start + 1 + name.Length < text.Length && text[start + 1 + name.Length] == '}')
            {
                return name.Length + 2;
            }

            return 0;
        }
    }
}
