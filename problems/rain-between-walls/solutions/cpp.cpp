#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<long long> h(n);
    for (auto& x : h) cin >> x;
    int l = 0, r = n - 1;
    long long lm = 0, rm = 0, total = 0;
    while (l < r) {
        if (h[l] <= h[r]) {
            lm = max(lm, h[l]);
            total += lm - h[l++];
        } else {
            rm = max(rm, h[r]);
            total += rm - h[r--];
        }
    }
    cout << total << '\n';
}
