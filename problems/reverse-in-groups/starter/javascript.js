const fs = require("fs");

// TODO: implement this function
function reverseBlocks(n, k, values) {
  return [];
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const k = Number(next());
  const values = Array.from({ length: n }, () => Number(next()));
  const result = reverseBlocks(n, k, values);
  console.log(result.join(" "));
}

main();
