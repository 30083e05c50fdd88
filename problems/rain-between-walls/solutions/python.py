import sys

data = sys.stdin.read().split()
n = int(data[0])
h = list(map(int, data[1 : 1 + n]))
left, right = 0, n - 1
left_max = right_max = total = 0
while left < right:
    if h[left] <= h[right]:
        left_max = max(left_max, h[left])
        total += left_max - h[left]
        left += 1
    else:
        right_max = max(right_max, h[right])
        total += right_max - h[right]
        right -= 1
print(total)
