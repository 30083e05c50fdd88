#include <bits/stdc++.h>
using namespace std;

// TODO: implement this function
long long edit_distance(string& a, string& b) {
    return 0;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    string a;
    cin >> a;
    string b;
    cin >> b;
    auto result = edit_distance(a, b);
    cout << result << '\n';
    return 0;
}
