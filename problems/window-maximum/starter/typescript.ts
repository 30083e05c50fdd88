import * as fs from "fs";

// TODO: implement this function
function windowMaxima(n: number, k: number, a: number[]): number[] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const k = Number(next());
  const a = Array.from({ length: n }, () => Number(next()));
  const result = windowMaxima(n, k, a);
  console.log(result.join(" "));
}

main();
