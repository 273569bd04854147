/* stdio: buffering as a program sees it. Full, line and no buffering through setvbuf, explicit fflush, a write
 * larger than 64 KiB in one call and through stdio, writes of odd sizes, and output left in the buffer at exit
 * (no trailing newline) that exit() must still flush. stderr gets its own lines, which the host compares with
 * kiln's stderr; only stdout is compared byte for byte, so interleaving between the two streams cannot make the
 * comparison flaky. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char stdout_buffer[4096];

int main(void)
{
    /* Full buffering with our own buffer; nothing reaches fd 1 until the flush. */
    setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
    printf("full buffering: line 1\n");
    printf("full buffering: line 2\n");
    fputs("stderr: after full buffering\n", stderr);
    fflush(stdout);

    /* Raw write(2) after the flush lands after the buffered lines. */
    const char raw[] = "raw write after fflush\n";
    if (write(1, raw, sizeof raw - 1) != (ssize_t)(sizeof raw - 1))
        return 1;

    /* Line buffering: each newline flushes. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("line buffering: ");
    printf("one line\n");
    fputs("stderr: after line buffering\n", stderr);

    /* No buffering: every call is a write. */
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 0; i < 5; i++)
        printf("unbuffered %d%s", i, i == 4 ? "\n" : ", ");

    /* A 200 KiB write in one system call: the kernel must take it whole (or the libc must loop on short writes). */
    size_t big = 200 * 1024;
    char *block = malloc(big);
    for (size_t i = 0; i < big; i++)
        block[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
    size_t done = 0;
    while (done < big)
    {
        ssize_t n = write(1, block + done, big - done);
        if (n <= 0)
            return 2;
        done += (size_t)n;
    }

    /* The same bytes again through fully buffered stdio with the default buffer, plus many small writes. */
    setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
    fwrite(block, 1, big, stdout);
    for (int i = 0; i < 3000; i++)
        fprintf(stdout, "%d%c", i, i % 20 == 19 ? '\n' : ' ');
    free(block);

    /* stderr is unbuffered: this line goes out before the buffered stdout above. */
    fputs("stderr: before exit\n", stderr);

    /* Left in the buffer with no newline: exit() must flush it. */
    printf("\nlast words without a newline");
    exit(0);
}
