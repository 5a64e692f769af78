/*
 * bench-csv.c -- libcsv tokenising alone: the floor under `tradeoff`'s
 * CSV reading, for scripts/bench.
 *
 *   cc -O2 -o bench-csv scripts/bench-csv.c -lcsv
 *   ./bench-csv FILE.csv        prints the number of rows, header included
 *
 * Reads FILE in 64 KiB blocks and hands each whole block to csv_parse with
 * callbacks that do nothing but count rows: no per-line calls, no copies,
 * no number parsing. The parser flags are the engine's (src/csv_input.c:
 * CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), so the two tokenise
 * the same way. Not part of the engine: it includes nothing from src/.
 */
#include <csv.h>
#include <stdio.h>

static void on_field(void *field, size_t len, void *data)
{
    (void)field;
    (void)len;
    (void)data;
}

static void on_row(int terminator, void *data)
{
    (void)terminator;
    ++*(unsigned long long *)data;
}

int main(int argc, char **argv)
{
    static char block[64 * 1024];
    struct csv_parser parser;
    unsigned long long n_rows = 0;
    size_t n;
    FILE *in;
    int status = 0;

    if (argc != 2) {
        fputs("usage: bench-csv FILE.csv\n", stderr);
        return 2;
    }
    in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 4;
    }
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fputs("bench-csv: csv_init failed\n", stderr);
        fclose(in);
        return 1;
    }
    while ((n = fread(block, 1, sizeof block, in)) > 0) {
        if (csv_parse(&parser, block, n, on_field, on_row, &n_rows) != n) {
            fprintf(stderr, "bench-csv: %s: %s\n", argv[1],
                    csv_strerror(csv_error(&parser)));
            status = 1;
            goto out;
        }
    }
    if (ferror(in)) {
        perror(argv[1]);
        status = 4;
        goto out;
    }
    if (csv_fini(&parser, on_field, on_row, &n_rows) != 0) {
        fprintf(stderr, "bench-csv: %s: %s\n", argv[1],
                csv_strerror(csv_error(&parser)));
        status = 1;
        goto out;
    }
    printf("%llu\n", n_rows);
out:
    csv_free(&parser);
    fclose(in);
    return status;
}
