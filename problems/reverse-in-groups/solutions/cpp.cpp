#include <bits/stdc++.h>
using namespace std;

struct Node {
    long long v;
    Node* next;
};

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, k;
    cin >> n >> k;
    vector<Node> pool(n);
    for (int i = 0; i < n; i++) {
        cin >> pool[i].v;
        pool[i].next = i + 1 < n ? &pool[i + 1] : nullptr;
    }
    Node dummy{0, &pool[0]};
    Node* before = &dummy;
    while (true) {
        Node* probe = before->next;
        int count = 0;
        while (probe && count < k) probe = probe->next, count++;
        if (count < k) break;
        Node *prev = probe, *cur = before->next, *first = cur;
        for (int i = 0; i < k; i++) {
            Node* nx = cur->next;
            cur->next = prev;
            prev = cur;
            cur = nx;
        }
        before->next = prev;
        before = first;
    }
    bool space = false;
    for (Node* p = dummy.next; p; p = p->next) cout << (space ? " " : "") << p->v, space = true;
    cout << '\n';
}
