#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<vector<long long>> merge_slots(long long n, vector<vector<long long>>& slots) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<vector<long long>> slots(n, vector<long long>(2));
    for (auto& row : slots)
        for (auto& x : row) cin >> x;
    auto result = merge_slots(n, slots);
    for (const auto& row : result) {
        for (size_t i = 0; i < row.size(); i++) cout << (i ? " " : "") << row[i];
        cout << '\n';
    }
    return 0;
}
