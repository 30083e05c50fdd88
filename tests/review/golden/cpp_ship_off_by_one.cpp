// Off by one in the binary search: the lower bound starts one above the heaviest package.
#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, days;
    cin >> n >> days;
    vector<long long> w(n);
    for (auto &x : w) cin >> x;
    long long lo = *max_element(w.begin(), w.end()) + 1, hi = accumulate(w.begin(), w.end(), 0LL);
    while (lo < hi) {
        long long mid = (lo + hi) / 2, load = 0;
        int used = 1;
        for (long long x : w) {
            if (load + x > mid) { used++; load = 0; }
            load += x;
        }
        if (used <= days) hi = mid; else lo = mid + 1;
    }
    cout << lo << "\n";
}
