// The result of resolving a program as ld.so would: the objects it loads, in load order, each found once, and the
// needs that were not met. Further objects (dlopen'ed modules) can be added to the same map.

using System.Collections.Generic;

namespace Kiln.Host.Libraries
{
    /// <summary>The objects of one program run, as resolved on the host.</summary>
    public sealed class LinkMap
    {
        internal LinkMap(SharedObject main)
        {
            Main = main;
            Objects.Add(main);
        }

        /// <summary>The program.</summary>
        public SharedObject Main { get; }

        /// <summary>The ELF interpreter (PT_INTERP), or null for a static program.</summary>
        public SharedObject? Interpreter { get; internal set; }

        /// <summary>Every object, the program first, then in the breadth-first order ld.so loads them.</summary>
        public List<SharedObject> Objects { get; } = new List<SharedObject>();

        /// <summary>Needs that no search found.</summary>
        public List<MissingLibrary> Missing { get; } = new List<MissingLibrary>();

        /// <summary>Each need met: the name asked for (and by whom) and the object that answered it.</summary>
        public List<(SharedObject Loader, string Name, SharedObject Found)> Lookups { get; } = new List<(SharedObject, string, SharedObject)>();

        /// <summary>The object already loaded under <paramref name="name"/> (a path, soname or requested name).</summary>
        public SharedObject? FindLoaded(string name)
        {
            foreach (SharedObject candidate in Objects)
            {
                if (candidate.Names.Contains(name))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
