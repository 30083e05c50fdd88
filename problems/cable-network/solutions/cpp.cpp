#include <bits/stdc++.h>
using namespace std;

vector<int> par;
int find(int x) {
    while (par[x] != x) x = par[x] = par[par[x]];
    return x;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<array<long long, 3>> e(m);
    for (auto& [c, u, v] : e) cin >> u >> v >> c;
    sort(e.begin(), e.end());
    par.resize(n + 1);
    iota(par.begin(), par.end(), 0);
    long long total = 0;
    int joined = 1;
    for (auto [c, u, v] : e) {
        int a = find(u), b = find(v);
        if (a != b) par[a] = b, total += c, joined++;
    }
    cout << (joined == n ? total : -1) << '\n';
}
