const fs = require("fs");

// TODO: implement this function
function daysToWait(n, t) {
  return [];
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const t = Array.from({ length: n }, () => Number(next()));
  const result = daysToWait(n, t);
  console.log(result.join(" "));
}

main();
