#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> running_median(long long n, vector<long long>& a) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    auto result = running_median(n, a);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
