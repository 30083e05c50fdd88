#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
string is_balanced(string& s) {
    return "";
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    string s;
    cin >> s;
    auto result = is_balanced(s);
    cout << result << '\n';
    return 0;
}
