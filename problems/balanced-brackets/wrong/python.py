# Checks every closing bracket against the stack but forgets that brackets may be left open
# at the end: "((" is reported as balanced.
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
print("YES" if ok else "NO")
