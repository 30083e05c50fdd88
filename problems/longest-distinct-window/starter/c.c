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
long long longest_distinct(char *s) {
    return 0;
}

int main(void) {
    char *s = read_token();
    long long result = longest_distinct(s);
    printf("%lld\n", result);
    return 0;
}
