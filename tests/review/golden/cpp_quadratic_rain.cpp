// Correct but quadratic: for every column, scan left and right for the highest walls.
#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    scanf("%d", &n);
    vector<long long> h(n);
    for (auto &x : h) scanf("%lld", &x);
    long long water = 0;
    for (int i = 0; i < n; i++) {
        long long left = 0, right = 0;
        for (int j = 0; j <= i; j++) left = max(left, h[j]);
        for (int j = i; j < n; j++) right = max(right, h[j]);
        water += min(left, right) - h[i];
    }
    printf("%lld\n", water);
}
