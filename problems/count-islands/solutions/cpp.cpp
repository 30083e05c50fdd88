#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int r, c;
    cin >> r >> c;
    vector<string> g(r);
    for (auto& row : g) cin >> row;
    vector<vector<char>> seen(r, vector<char>(c, 0));
    int count = 0;
    vector<pair<int, int>> st;
    for (int i = 0; i < r; i++)
        for (int j = 0; j < c; j++) {
            if (g[i][j] != '#' || seen[i][j]) continue;
            count++;
            seen[i][j] = 1;
            st.push_back({i, j});
            while (!st.empty()) {
                auto [y, x] = st.back();
                st.pop_back();
                int dy[] = {1, -1, 0, 0}, dx[] = {0, 0, 1, -1};
                for (int d = 0; d < 4; d++) {
                    int ny = y + dy[d], nx = x + dx[d];
                    if (ny < 0 || nx < 0 || ny >= r || nx >= c) continue;
                    if (g[ny][nx] == '#' && !seen[ny][nx]) seen[ny][nx] = 1, st.push_back({ny, nx});
                }
            }
        }
    cout << count << '\n';
}
