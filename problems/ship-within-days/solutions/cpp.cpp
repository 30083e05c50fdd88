#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n, days;
    cin >> n >> days;
    vector<long long> w(n);
    for (auto& x : w) cin >> x;
    long long lo = *max_element(w.begin(), w.end()), hi = accumulate(w.begin(), w.end(), 0LL);
    auto need = [&](long long cap) {
        long long d = 1, load = 0;
        for (long long x : w) {
            if (load + x > cap) d++, load = 0;
            load += x;
        }
        return d;
    };
    while (lo < hi) {
        long long mid = lo + (hi - lo) / 2;
        if (need(mid) <= days) hi = mid;
        else lo = mid + 1;
    }
    cout << lo << '\n';
}
