#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long fewest_coins(long long k, long long amount, vector<long long>& coins) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long k;
    cin >> k;
    long long amount;
    cin >> amount;
    vector<long long> coins(k);
    for (auto& x : coins) cin >> x;
    auto result = fewest_coins(k, amount, coins);
    cout << result << '\n';
    return 0;
}
