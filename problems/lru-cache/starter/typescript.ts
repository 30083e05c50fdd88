import * as fs from "fs";

// TODO: implement this function
function runCache(capacity: number, q: number, ops: number[][]): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const capacity = Number(next());
  const q = Number(next());
  const ops = Array.from({ length: q }, () =>
    Array.from({ length: 3 }, () => Number(next())),
  );
  const result = runCache(capacity, q, ops);
  console.log(result.join(" "));
}

main();
