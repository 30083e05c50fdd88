const fs = require("fs");

// TODO: implement this function
function mergeSlots(n, slots) {
  return [];
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const slots = Array.from({ length: n }, () =>
    Array.from({ length: 2 }, () => Number(next())),
  );
  const result = mergeSlots(n, slots);
  process.stdout.write(result.map((row) => row.join(" ") + "\n").join(""));
}

main();
