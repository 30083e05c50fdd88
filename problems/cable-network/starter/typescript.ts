import * as fs from "fs";

// TODO: implement this function
function networkCost(n: number, m: number, links: number[][]): number {
  return 0;
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const m = Number(next());
  const links = Array.from({ length: m }, () =>
    Array.from({ length: 3 }, () => Number(next())),
  );
  const result = networkCost(n, m, links);
  console.log(String(result));
}

main();
