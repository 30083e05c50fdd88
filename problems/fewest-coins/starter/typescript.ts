import * as fs from "fs";

// TODO: implement this function
function fewestCoins(k: number, amount: number, coins: number[]): number {
  return 0;
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const k = Number(next());
  const amount = Number(next());
  const coins = Array.from({ length: k }, () => Number(next()));
  const result = fewestCoins(k, amount, coins);
  console.log(String(result));
}

main();
