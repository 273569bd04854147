/* args: argc, every argv[i] (argv[0] included: it is passed through exactly as typed) and selected environment
 * variables, so the way arguments and `-e KEY=VALUE` reach the program can be compared with Linux byte for byte.
 * Only variables named KILN_* are printed: the rest of the environment legitimately differs between systems. */
#include <stdio.h>
#include <stdlib.h>

static void show_env(const char *name)
{
    const char *value = getenv(name);
    if (value == NULL)
        printf("env %s: (unset)\n", name);
    else
        printf("env %s: [%s]\n", name, value);
}

int main(int argc, char **argv)
{
    printf("argc: %d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]: [%s]\n", i, argv[i]);
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
    show_env("KILN_A");
    show_env("KILN_B");
    show_env("KILN_EMPTY");
    show_env("KILN_UNSET");
    return 0;
}
