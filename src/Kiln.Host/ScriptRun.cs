// How a #! script is started: Linux's binfmt_script runs the interpreter with argv = interpreter, the optional
// argument of the #! line, the script's path, then the script's own arguments. "#!/usr/bin/env NAME" is resolved
// on the host at once (kiln runs one program and has no exec), searching the PATH the program will get.

namespace Kiln.Host
{
    /// <summary>A script run through its interpreter.</summary>
    /// <param name="ScriptPath">The script as the user typed it.</param>
    /// <param name="Interpreter">The interpreter path that becomes argv[0].</param>
    /// <param name="Argument">The #! line's optional argument, or null.</param>
    public sealed record ScriptRun(string ScriptPath, string Interpreter, string? Argument);
}
