import * as fs from "fs";

// TODO: implement this function
function findPair(n: number, nums: number[], target: number): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const nums = Array.from({ length: n }, () => Number(next()));
  const target = Number(next());
  const result = findPair(n, nums, target);
  console.log(result.join(" "));
}

main();
