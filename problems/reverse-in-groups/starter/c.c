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
 * Return a malloc'd array and store its length in *result_len. */
long long *reverse_blocks(long long n, long long k, long long *values, int *result_len) {
    *result_len = 0;
    return NULL;
}

int main(void) {
    long long n = read_int();
    long long k = read_int();
    long long *values = malloc(sizeof(long long) * (n + 1));
    for (long long i = 0; i < n; i++) values[i] = read_int();
    int len = 0;
    long long *result = reverse_blocks(n, k, values, &len);
    for (int i = 0; i < len; i++) printf(i ? " %lld" : "%lld", result[i]);
    printf("\n");
    return 0;
}
