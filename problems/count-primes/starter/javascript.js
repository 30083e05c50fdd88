const fs = require("fs");

// TODO: implement this function
function countPrimes(n) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const result = countPrimes(n);
  console.log(String(result));
}

main();
