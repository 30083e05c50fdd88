import sys

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
values = data[2 : 2 + n]
# The list as arrays: node i holds values[i] and points at nxt[i] (-1 ends the list).
nxt = list(range(1, n)) + [-1]
head, tail_of_prev = -1, -1
node = 0
while node != -1:
    probe, count = node, 0
    while probe != -1 and count < k:
        probe, count = nxt[probe], count + 1
    if count < k:  # short final block: keep as is
        if tail_of_prev == -1:
            head = node
        else:
            nxt[tail_of_prev] = node
        break
    prev, cur = probe, node  # reverse k nodes; the first one will point at the next block
    for _ in range(k):
        nxt[cur], prev, cur = prev, cur, nxt[cur]
    if tail_of_prev == -1:
        head = prev
    else:
        nxt[tail_of_prev] = prev
    tail_of_prev, node = node, probe
out = []
node = head
while node != -1:
    out.append(values[node])
    node = nxt[node]
print(" ".join(out))
