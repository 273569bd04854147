// A DT_NEEDED name (or a dlopen'ed one) the resolver could not find, with everything it tried.

using System.Collections.Generic;

namespace Kiln.Host.Libraries
{
    /// <summary>A library that is needed and not found.</summary>
    /// <param name="Name">The name as needed, e.g. libfoo.so.1.</param>
    /// <param name="RequestedBy">The path of the object that needs it.</param>
    /// <param name="Searched">The directories searched, in order ("ld.so.cache" stands for the cache lookup).</param>
    public sealed record MissingLibrary(string Name, string RequestedBy, IReadOnlyList<string> Searched);
}
