// $ORIGIN, $LIB and $PLATFORM expansion as glibc's _dl_dst_substitute does it.

using Kiln.Host.Libraries;
using Xunit;

namespace Kiln.Host.Tests.Libraries
{
    public sealed class DynamicStringTokensTests
    {
        [Theory]
        [InlineData("$ORIGIN/../lib", "/opt/app/bin/../lib")]
        [InlineData("${ORIGIN}/lib", "/opt/app/bin/lib")]
        [InlineData("$ORIGIN", "/opt/app/bin")]
        [InlineData("/x/$LIB/$PLATFORM", "/x/lib/x86_64-linux-gnu/x86_64")]
        [InlineData("/x/${LIB}", "/x/lib/x86_64-linux-gnu")]
        [InlineData("/usr/lib", "/usr/lib")]
        [InlineData("$ORIGINAL/x", "$ORIGINAL/x")]
        [InlineData("/a/$HOME/b", "/a/$HOME/b")]
        [InlineData("${ORIGIN", "${ORIGIN")]
        public void Tokens_expand_like_ld_so(string text, string expected)
        {
            Assert.Equal(expected, DynamicStringTokens.Expand(text, "/opt/app/bin"));
        }
    }
}
