#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> reverse_blocks(long long n, long long k, vector<long long>& values) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    long long k;
    cin >> k;
    vector<long long> values(n);
    for (auto& x : values) cin >> x;
    auto result = reverse_blocks(n, k, values);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
