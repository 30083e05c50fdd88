#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long longest_distinct(string& s) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    string s;
    cin >> s;
    auto result = longest_distinct(s);
    cout << result << '\n';
    return 0;
}
