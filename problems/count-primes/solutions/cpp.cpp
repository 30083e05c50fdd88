#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<bool> composite(n + 1, false);
    int count = 0;
    for (long long p = 2; p <= n; p++) {
        if (composite[p]) continue;
        count++;
        for (long long q = p * p; q <= n; q += p) composite[q] = true;
    }
    cout << count << '\n';
}
