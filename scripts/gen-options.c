/*
 * gen-options.c -- the fast twin of scripts/gen-options, for the bench.
 *
 *   cc -O2 -o gen-options scripts/gen-options.c
 *   ./gen-options ROWS CRITERIA SEED [BAD_EVERY] > options.csv
 *
 * Writes byte for byte what scripts/gen-options (awk) writes for the same
 * arguments: the same Park-Miller generator, the same warm-up, the same
 * bad rows. scripts/bench compiles it into its work directory, checks it
 * against the awk script on a small size, and falls back to the awk
 * script if either step fails. It is about 15 times faster: 1M rows x 8
 * criteria in a quarter of a second instead of four.
 *
 * Not part of the engine: it includes nothing from src/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PM_MODULUS 2147483647u

static int parse_count(const char *text, unsigned long long *out)
{
    char *end;

    if (text[0] < '0' || text[0] > '9')
        return -1;
    *out = strtoull(text, &end, 10);
    return *end == '\0' ? 0 : -1;
}

static unsigned long long next(unsigned long long x)
{
    return 16807u * x % PM_MODULUS;
}

/* Appends ",INT.CC" for cents in 0..100000; returns the new end. */
static char *put_value(char *p, unsigned cents)
{
    char digits[8];
    unsigned whole = cents / 100, n = 0;

    *p++ = ',';
    do {
        digits[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (n)
        *p++ = digits[--n];
    *p++ = '.';
    *p++ = (char)('0' + cents % 100 / 10);
    *p++ = (char)('0' + cents % 10);
    return p;
}

int main(int argc, char **argv)
{
    unsigned long long rows, n_criteria, seed, bad = 0, x;
    unsigned long long i, j, k;
    unsigned kind = 0;
    char *line, *p;

    if (argc < 4 || argc > 5 || parse_count(argv[1], &rows) ||
        parse_count(argv[2], &n_criteria) || parse_count(argv[3], &seed) ||
        (argc == 5 && parse_count(argv[4], &bad)) || n_criteria < 1 ||
        n_criteria > 100000) {
        fputs("usage: gen-options ROWS CRITERIA SEED [BAD_EVERY]\n", stderr);
        return 2;
    }
    /* "opt" + 20 digits, then at most ",1000.00" per criterion. */
    line = malloc(32 + 8 * n_criteria);
    if (!line) {
        fputs("gen-options: out of memory\n", stderr);
        return 1;
    }
    static char out_buf[1 << 16];
    setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);

    x = seed % PM_MODULUS;
    if (x == 0)
        x = 20261201;
    for (k = 0; k < 8; k++)
        x = next(x);

    fputs("option", stdout);
    for (j = 1; j <= n_criteria; j++)
        printf(",c%llu", j);
    putchar('\n');

    for (i = 1; i <= rows; i++) {
        p = line + sprintf(line, "opt%llu", i);
        for (j = 0; j < n_criteria; j++) {
            x = next(x);
            p = put_value(p, (unsigned)(x % 100001));
        }
        if (bad > 0 && i % bad == 0) {
            /* As the awk script: replace or drop the last field. */
            char *last = p;
            while (*--last != ',')
                ;
            kind = kind % 4 + 1;
            if (kind == 1)
                p = last + sprintf(last, ",12abc");
            else if (kind == 2)
                p = last;
            else if (kind == 3)
                p = last + sprintf(last, ",inf");
            else
                p = last + 1;
        }
        *p++ = '\n';
        fwrite(line, 1, (size_t)(p - line), stdout);
    }
    free(line);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-options: write");
        return 1;
    }
    return 0;
}
