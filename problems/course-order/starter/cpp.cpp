#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> course_order(long long n, long long m, vector<vector<long long>>& prereqs) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    long long m;
    cin >> m;
    vector<vector<long long>> prereqs(m, vector<long long>(2));
    for (auto& row : prereqs)
        for (auto& x : row) cin >> x;
    auto result = course_order(n, m, prereqs);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
