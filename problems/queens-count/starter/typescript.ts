import * as fs from "fs";

// TODO: implement this function
function countPlacements(n: number): number {
  return 0;
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const result = countPlacements(n);
  console.log(String(result));
}

main();
