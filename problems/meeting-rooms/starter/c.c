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

/* TODO: implement this function */
long long rooms_needed(long long n, long long **meetings) {
    return 0;
}

int main(void) {
    long long n = read_int();
    long long **meetings = malloc(sizeof(long long *) * (n + 1));
    for (long long i = 0; i < n; i++) {
        meetings[i] = malloc(sizeof(long long) * (2 + 1));
        for (long long j = 0; j < 2; j++) meetings[i][j] = read_int();
    }
    long long result = rooms_needed(n, meetings);
    printf("%lld\n", result);
    return 0;
}
