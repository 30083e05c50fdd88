#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> window_maxima(long long n, long long k, vector<long long>& a) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    long long k;
    cin >> k;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    auto result = window_maxima(n, k, a);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
