#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long diameter(long long n, vector<long long>& level) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<long long> level(n);
    for (auto& x : level) cin >> x;
    auto result = diameter(n, level);
    cout << result << '\n';
    return 0;
}
