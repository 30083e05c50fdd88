#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long count_primes(long long n) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    auto result = count_primes(n);
    cout << result << '\n';
    return 0;
}
