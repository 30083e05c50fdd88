/* Integer overflow: the running sums are int, the answer needs 64 bits. */
#include <stdio.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    int best = 0, cur = 0;
    for (int i = 0; i < n; i++) {
        int x;
        scanf("%d", &x);
        cur = (i == 0 || cur < 0) ? x : cur + x;
        if (i == 0 || cur > best) best = cur;
    }
    printf("%d\n", best);
    return 0;
}
