import * as fs from "fs";

// TODO: implement this function
function roomsNeeded(n: number, meetings: number[][]): number {
  return 0;
}

function main(): void {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (): string => tokens[pos++];
  const n = Number(next());
  const meetings = Array.from({ length: n }, () =>
    Array.from({ length: 2 }, () => Number(next())),
  );
  const result = roomsNeeded(n, meetings);
  console.log(String(result));
}

main();
