import * as fs from "fs";

// TODO: implement this function
function cheapestRoutes(n: number, m: number, roads: number[][]): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const m = Number(next());
  const roads = Array.from({ length: m }, () =>
    Array.from({ length: 3 }, () => Number(next())),
  );
  const result = cheapestRoutes(n, m, roads);
  console.log(result.join(" "));
}

main();
