import * as fs from "fs";

// TODO: implement this function
function courseOrder(n: number, m: number, prereqs: number[][]): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const m = Number(next());
  const prereqs = Array.from({ length: m }, () =>
    Array.from({ length: 2 }, () => Number(next())),
  );
  const result = courseOrder(n, m, prereqs);
  console.log(result.join(" "));
}

main();
