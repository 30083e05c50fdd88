#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<long long> t(n);
    for (auto& x : t) cin >> x;
    vector<int> L{-1}, R{-1};
    int pos = 1, head = 0;
    while (head < (int)L.size() && pos < n) {
        for (int side = 0; side < 2; side++, pos++) {
            if (pos < n && t[pos] != -1) {
                (side ? R : L)[head] = L.size();
                L.push_back(-1);
                R.push_back(-1);
            }
        }
        head++;
    }
    int m = L.size(), best = 0;
    vector<int> depth(m, 0);
    for (int v = m - 1; v >= 0; v--) {
        int a = L[v] >= 0 ? depth[L[v]] + 1 : 0, b = R[v] >= 0 ? depth[R[v]] + 1 : 0;
        depth[v] = max(a, b);
        best = max(best, a + b);
    }
    cout << best << '\n';
}
