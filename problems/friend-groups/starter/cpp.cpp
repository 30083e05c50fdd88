#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> groups_after_each(long long n, long long m, vector<vector<long long>>& pairs) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    long long m;
    cin >> m;
    vector<vector<long long>> pairs(m, vector<long long>(2));
    for (auto& row : pairs)
        for (auto& x : row) cin >> x;
    auto result = groups_after_each(n, m, pairs);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
