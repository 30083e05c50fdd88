#include <bits/stdc++.h>
using namespace std;

int main() {
    string s;
    cin >> s;
    string st;
    for (char c : s) {
        if (c == '(' || c == '[' || c == '{') {
            st.push_back(c);
            continue;
        }
        char want = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (st.empty() || st.back() != want) {
            cout << "NO\n";
            return 0;
        }
        st.pop_back();
    }
    cout << (st.empty() ? "YES" : "NO") << '\n';
}
