// Off by one: after a repeat the window restarts AT the previous occurrence, not after it.
const s = require('fs').readFileSync(0, 'utf8').trim();
const last = new Map();
let left = 0, best = 0;
for (let i = 0; i < s.length; i++) {
  const c = s[i];
  if (last.has(c) && last.get(c) >= left) left = last.get(c);
  last.set(c, i);
  best = Math.max(best, i - left + 1);
}
console.log(best);
