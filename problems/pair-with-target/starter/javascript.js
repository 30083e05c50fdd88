const fs = require("fs");

// TODO: implement this function
function findPair(n, nums, target) {
  return [];
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const nums = Array.from({ length: n }, () => Number(next()));
  const target = Number(next());
  const result = findPair(n, nums, target);
  console.log(result.join(" "));
}

main();
