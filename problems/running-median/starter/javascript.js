const fs = require("fs");

// TODO: implement this function
function runningMedian(n, a) {
  return [];
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const a = Array.from({ length: n }, () => Number(next()));
  const result = runningMedian(n, a);
  console.log(result.join(" "));
}

main();
