#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<pair<long long, long long>> m(n);
    for (auto& [s, e] : m) cin >> s >> e;
    sort(m.begin(), m.end());
    priority_queue<long long, vector<long long>, greater<long long>> ends;
    size_t best = 0;
    for (auto [s, e] : m) {
        while (!ends.empty() && ends.top() <= s) ends.pop();
        ends.push(e);
        best = max(best, ends.size());
    }
    cout << best << '\n';
}
