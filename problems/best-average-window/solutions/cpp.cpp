#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, k;
    cin >> n >> k;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    long long w = 0;
    for (int i = 0; i < k; i++) w += a[i];
    long long best = w;
    for (int i = k; i < n; i++) w += a[i] - a[i - k], best = max(best, w);
    printf("%.6f\n", (double)best / k);
}
