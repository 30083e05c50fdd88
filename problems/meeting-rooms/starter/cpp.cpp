#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long rooms_needed(long long n, vector<vector<long long>>& meetings) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<vector<long long>> meetings(n, vector<long long>(2));
    for (auto& row : meetings)
        for (auto& x : row) cin >> x;
    auto result = rooms_needed(n, meetings);
    cout << result << '\n';
    return 0;
}
