// The language runtimes kiln recognizes by the program's name, whose library directories it adds to the image.

namespace Kiln.Host.Image
{
    /// <summary>A recognized interpreter.</summary>
    public enum RuntimeKind
    {
        /// <summary>Not an interpreter kiln knows.</summary>
        None,

        /// <summary>python3, python3.11, ...</summary>
        Python,

        /// <summary>perl, perl5.36.0, ...</summary>
        Perl,

        /// <summary>node.</summary>
        Node,

        /// <summary>ruby, ruby3.1, ...</summary>
        Ruby,
    }
}
