#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long lonely(long long n, vector<long long>& a) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    auto result = lonely(n, a);
    cout << result << '\n';
    return 0;
}
