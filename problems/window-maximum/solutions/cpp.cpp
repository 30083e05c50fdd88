#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, k;
    cin >> n >> k;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    deque<int> w;
    string out;
    for (int i = 0; i < n; i++) {
        while (!w.empty() && a[w.back()] <= a[i]) w.pop_back();
        w.push_back(i);
        if (w.front() <= i - k) w.pop_front();
        if (i >= k - 1) out += (i >= k ? " " : "") + to_string(a[w.front()]);
    }
    cout << out << '\n';
}
