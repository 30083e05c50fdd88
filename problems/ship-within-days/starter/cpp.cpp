#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long min_capacity(long long n, long long days, vector<long long>& w) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    long long days;
    cin >> days;
    vector<long long> w(n);
    for (auto& x : w) cin >> x;
    auto result = min_capacity(n, days, w);
    cout << result << '\n';
    return 0;
}
