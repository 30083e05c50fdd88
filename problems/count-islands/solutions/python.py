import sys

data = sys.stdin.read().split()
r, c = int(data[0]), int(data[1])
w = c + 2  # a border of water avoids bounds checks
land = bytearray(b"." * w)
for row in data[2 : 2 + r]:
    land += b"." + row.encode() + b"."
land += b"." * w
seen = bytearray(len(land))
count = 0
hash_ = ord("#")
for start in range(len(land)):
    if land[start] != hash_ or seen[start]:
        continue
    count += 1
    seen[start] = 1
    stack = [start]
    while stack:
        v = stack.pop()
        for u in (v - 1, v + 1, v - w, v + w):
            if land[u] == hash_ and not seen[u]:
                seen[u] = 1
                stack.append(u)
print(count)
