#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long capacity, q;
    cin >> capacity >> q;
    list<pair<long long, long long>> order;  // front = most recent
    unordered_map<long long, list<pair<long long, long long>>::iterator> where;
    vector<long long> out;
    for (long long i = 0; i < q; i++) {
        long long t, x, y;
        cin >> t >> x >> y;
        auto it = where.find(x);
        if (t == 1) {
            if (it != where.end()) order.erase(it->second);
            else if ((long long)where.size() == capacity) {
                where.erase(order.back().first);
                order.pop_back();
            }
            order.push_front({x, y});
            where[x] = order.begin();
        } else if (it == where.end()) {
            out.push_back(-1);
        } else {
            order.splice(order.begin(), order, it->second);
            out.push_back(it->second->second);
        }
    }
    for (size_t i = 0; i < out.size(); i++) cout << (i ? " " : "") << out[i];
    cout << '\n';
}
