#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long trapped_water(long long n, vector<long long>& h) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<long long> h(n);
    for (auto& x : h) cin >> x;
    auto result = trapped_water(n, h);
    cout << result << '\n';
    return 0;
}
