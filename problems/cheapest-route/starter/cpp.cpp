#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> cheapest_routes(long long n, long long m, vector<vector<long long>>& roads) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    long long m;
    cin >> m;
    vector<vector<long long>> roads(m, vector<long long>(3));
    for (auto& row : roads)
        for (auto& x : row) cin >> x;
    auto result = cheapest_routes(n, m, roads);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
