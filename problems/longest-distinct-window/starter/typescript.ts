import * as fs from "fs";

// TODO: implement this function
function longestDistinct(s: string): number {
  return 0;
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const s = next();
  const result = longestDistinct(s);
  console.log(String(result));
}

main();
