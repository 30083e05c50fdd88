import sys

s = sys.stdin.readline().strip()
match = {")": "(", "]": "[", "}": "{"}
stack: list[str] = []
ok = True
for c in s:
    if c in match:
        if not stack or stack.pop() != match[c]:
            ok = False
            break
    else:
        stack.append(c)
print("YES" if ok and not stack else "NO")
