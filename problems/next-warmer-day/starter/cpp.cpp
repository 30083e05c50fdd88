#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> days_to_wait(long long n, vector<long long>& t) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<long long> t(n);
    for (auto& x : t) cin >> x;
    auto result = days_to_wait(n, t);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
