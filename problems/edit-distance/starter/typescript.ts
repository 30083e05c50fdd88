import * as fs from "fs";

// TODO: implement this function
function editDistance(a: string, b: string): number {
  return 0;
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const a = next();
  const b = next();
  const result = editDistance(a, b);
  console.log(String(result));
}

main();
