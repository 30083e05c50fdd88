#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
double best_average(long long n, long long k, vector<long long>& a) {
    return 0.0;
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
    auto result = best_average(n, k, a);
    cout << fixed << setprecision(6) << result << '\n';
    return 0;
}
