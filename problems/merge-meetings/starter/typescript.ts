import * as fs from "fs";

// TODO: implement this function
function mergeSlots(n: number, slots: number[][]): number[][] {
  return [];
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const slots = Array.from({ length: n }, () =>
    Array.from({ length: 2 }, () => Number(next())),
  );
  const result = mergeSlots(n, slots);
  process.stdout.write(result.map((row) => row.join(" ") + "\n").join(""));
}

main();
