const fs = require("fs");

// TODO: implement this function
function minCapacity(n, days, w) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const days = Number(next());
  const w = Array.from({ length: n }, () => Number(next()));
  const result = minCapacity(n, days, w);
  console.log(String(result));
}

main();
