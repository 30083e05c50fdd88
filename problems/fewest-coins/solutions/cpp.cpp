#include <bits/stdc++.h>
using namespace std;

int main() {
    int k, amount;
    cin >> k >> amount;
    vector<int> coins(k);
    for (auto& c : coins) cin >> c;
    const int INF = INT_MAX / 2;
    vector<int> best(amount + 1, INF);
    best[0] = 0;
    for (int c : coins)
        for (int v = c; v <= amount; v++) best[v] = min(best[v], best[v - c] + 1);
    cout << (best[amount] >= INF ? -1 : best[amount]) << '\n';
}
