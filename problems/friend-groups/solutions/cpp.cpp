#include <bits/stdc++.h>
using namespace std;

vector<int> parent_;

int find(int x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    parent_.resize(n + 1);
    iota(parent_.begin(), parent_.end(), 0);
    vector<int> sz(n + 1, 1);
    int groups = n;
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        a = find(a), b = find(b);
        if (a != b) {
            if (sz[a] < sz[b]) swap(a, b);
            parent_[b] = a, sz[a] += sz[b], groups--;
        }
        cout << groups << (i + 1 < m ? ' ' : '\n');
    }
}
