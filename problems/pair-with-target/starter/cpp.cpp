#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
vector<long long> find_pair(long long n, vector<long long>& nums, long long target) {
    return {};
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long n;
    cin >> n;
    vector<long long> nums(n);
    for (auto& x : nums) cin >> x;
    long long target;
    cin >> target;
    auto result = find_pair(n, nums, target);
    for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") << result[i];
    cout << '\n';
    return 0;
}
