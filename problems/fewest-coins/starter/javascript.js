const fs = require("fs");

// TODO: implement this function
function fewestCoins(k, amount, coins) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const k = Number(next());
  const amount = Number(next());
  const coins = Array.from({ length: k }, () => Number(next()));
  const result = fewestCoins(k, amount, coins);
  console.log(String(result));
}

main();
