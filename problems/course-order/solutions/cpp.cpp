#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<vector<int>> out(n + 1);
    vector<int> indeg(n + 1, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        out[a].push_back(b);
        indeg[b]++;
    }
    priority_queue<int, vector<int>, greater<int>> pq;
    for (int v = 1; v <= n; v++)
        if (!indeg[v]) pq.push(v);
    vector<int> order;
    while (!pq.empty()) {
        int v = pq.top();
        pq.pop();
        order.push_back(v);
        for (int u : out[v])
            if (--indeg[u] == 0) pq.push(u);
    }
    if ((int)order.size() != n) {
        cout << -1 << '\n';
        return 0;
    }
    for (int i = 0; i < n; i++) cout << order[i] << (i + 1 < n ? ' ' : '\n');
}
