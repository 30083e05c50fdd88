#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long read_int(void) {
    long long x = 0;
    if (scanf("%lld", &x) != 1) return 0;
    return x;
}

/* Reads one whitespace-separated token into a malloc'd string. */
static char *read_token(void) {
    size_t cap = 16, len = 0;
    char *s = malloc(cap);
    int ch = getchar();
    while (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') ch = getchar();
    while (ch != EOF && ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
        if (len + 1 >= cap) s = realloc(s, cap *= 2);
        s[len++] = (char)ch;
        ch = getchar();
    }
    s[len] = '\0';
    return s;
}

/* TODO: implement this function
 * Return malloc'd rows; store the row count in *result_rows and the length of every row
 * in *result_cols. */
long long **merge_slots(long long n,
        long long **slots,
        int *result_rows,
        int *result_cols) {
    *result_rows = 0;
    *result_cols = 0;
    return NULL;
}

int main(void) {
    long long n = read_int();
    long long **slots = malloc(sizeof(long long *) * (n + 1));
    for (long long i = 0; i < n; i++) {
        slots[i] = malloc(sizeof(long long) * (2 + 1));
        for (long long j = 0; j < 2; j++) slots[i][j] = read_int();
    }
    int rows = 0, cols = 0;
    long long **result = merge_slots(n, slots, &rows, &cols);
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) printf(j ? " %lld" : "%lld", result[i][j]);
        printf("\n");
    }
    return 0;
}
