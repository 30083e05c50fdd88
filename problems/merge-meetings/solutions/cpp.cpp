#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<pair<long long, long long>> s(n);
    for (auto& [l, r] : s) cin >> l >> r;
    sort(s.begin(), s.end());
    vector<pair<long long, long long>> m;
    for (auto [l, r] : s) {
        if (!m.empty() && l <= m.back().second) m.back().second = max(m.back().second, r);
        else m.push_back({l, r});
    }
    for (auto [l, r] : m) cout << l << ' ' << r << '\n';
}
