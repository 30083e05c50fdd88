#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long best_sum(long long n, vector<long long>& a) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    auto result = best_sum(n, a);
    cout << result << '\n';
    return 0;
}
