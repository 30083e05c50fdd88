#include <bits/stdc++.h>
using namespace std;

int n, full_;
long long place(int cols, int l, int r) {
    if (cols == full_) return 1;
    long long total = 0;
    for (int fr = full_ & ~(cols | l | r); fr; fr &= fr - 1) {
        int bit = fr & -fr;
        total += place(cols | bit, ((l | bit) << 1) & full_, (r | bit) >> 1);
    }
    return total;
}

int main() {
    cin >> n;
    full_ = (1 << n) - 1;
    cout << place(0, 0, 0) << '\n';
}
