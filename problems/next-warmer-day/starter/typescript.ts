import * as fs from "fs";

// TODO: implement this function
function daysToWait(n: number, t: number[]): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const t = Array.from({ length: n }, () => Number(next()));
  const result = daysToWait(n, t);
  console.log(result.join(" "));
}

main();
