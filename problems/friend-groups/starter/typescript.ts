import * as fs from "fs";

// TODO: implement this function
function groupsAfterEach(n: number, m: number, pairs: number[][]): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const m = Number(next());
  const pairs = Array.from({ length: m }, () =>
    Array.from({ length: 2 }, () => Number(next())),
  );
  const result = groupsAfterEach(n, m, pairs);
  console.log(result.join(" "));
}

main();
