#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> run_cache(long long capacity, long long q, vector<vector<long long>>& ops) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long capacity;
    cin >> capacity;
    long long q;
    cin >> q;
    vector<vector<long long>> ops(q, vector<long long>(3));
    for (auto& row : ops)
        for (auto& x : row) cin >> x;
    auto result = run_cache(capacity, q, ops);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
