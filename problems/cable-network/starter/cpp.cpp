#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long network_cost(long long n, long long m, vector<vector<long long>>& links) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    long long m;
    cin >> m;
    vector<vector<long long>> links(m, vector<long long>(3));
    for (auto& row : links)
        for (auto& x : row) cin >> x;
    auto result = network_cost(n, m, links);
    cout << result << '\n';
    return 0;
}
