import * as fs from "fs";

// TODO: implement this function
function countIslands(r: number, c: number, grid: string[]): number {
  return 0;
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const r = Number(next());
  const c = Number(next());
  const grid = Array.from({ length: r }, () => next());
  const result = countIslands(r, c, grid);
  console.log(String(result));
}

main();
