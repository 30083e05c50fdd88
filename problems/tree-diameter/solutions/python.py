import sys

data = sys.stdin.read().split()
n = int(data[0])
tokens = data[1 : 1 + n]
left, right = [-1], [-1]  # node ids; values do not matter for the shape
pos, queue_head, count = 1, 0, 1
while queue_head < count and pos < n:
    for side in (left, right):
        if pos < n and tokens[pos] != "-1":
            side[queue_head] = count
            left.append(-1)
            right.append(-1)
            count += 1
        pos += 1
    queue_head += 1
# Nodes are numbered in level order, so children come after parents: process in reverse.
depth = [0] * count
best = 0
for v in range(count - 1, -1, -1):
    a = depth[left[v]] + 1 if left[v] != -1 else 0
    b = depth[right[v]] + 1 if right[v] != -1 else 0
    depth[v] = max(a, b)
    best = max(best, a + b)
print(best)
