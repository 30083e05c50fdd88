const fs = require("fs");

// TODO: implement this function
function bestAverage(n, k, a) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const k = Number(next());
  const a = Array.from({ length: n }, () => Number(next()));
  const result = bestAverage(n, k, a);
  console.log(result.toFixed(6));
}

main();
