// Unhandled empty stack: a closing bracket with nothing open is skipped instead of failing.
import * as fs from "fs";

const s: string = fs.readFileSync(0, "utf8").trim();
const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const stack: string[] = [];
let ok = true;
for (const c of s) {
  if (c in pairs) {
    if (stack.length === 0) continue;
    if (stack.pop() !== pairs[c]) ok = false;
  } else {
    stack.push(c);
  }
}
console.log(ok && stack.length === 0 ? "YES" : "NO");
