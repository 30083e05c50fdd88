# Assumes the longest path goes through the root: left height + right height at the root only.
import sys

data = sys.stdin.read().split()
n = int(data[0])
tokens = data[1 : 1 + n]
left, right = [-1], [-1]
pos, head, count = 1, 0, 1
while head < count and pos < n:
    for side in (left, right):
        if pos < n and tokens[pos] != "-1":
            side[head] = count
            left.append(-1)
            right.append(-1)
            count += 1
        pos += 1
    head += 1
depth = [0] * count
for v in range(count - 1, -1, -1):
    a = depth[left[v]] + 1 if left[v] != -1 else 0
    b = depth[right[v]] + 1 if right[v] != -1 else 0
    depth[v] = max(a, b)
a = depth[left[0]] + 1 if left[0] != -1 else 0
b = depth[right[0]] + 1 if right[0] != -1 else 0
print(a + b)
