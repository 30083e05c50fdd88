import * as fs from "fs";

// TODO: implement this function
function reverseBlocks(n: number, k: number, values: number[]): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const k = Number(next());
  const values = Array.from({ length: n }, () => Number(next()));
  const result = reverseBlocks(n, k, values);
  console.log(result.join(" "));
}

main();
