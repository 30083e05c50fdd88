#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long count_islands(long long r, long long c, vector<string>& grid) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long r;
    cin >> r;
    long long c;
    cin >> c;
    vector<string> grid(r);
    for (auto& x : grid) cin >> x;
    auto result = count_islands(r, c, grid);
    cout << result << '\n';
    return 0;
}
