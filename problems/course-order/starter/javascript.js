const fs = require("fs");

// TODO: implement this function
function courseOrder(n, m, prereqs) {
  return [];
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const m = Number(next());
  const prereqs = Array.from({ length: m }, () =>
    Array.from({ length: 2 }, () => Number(next())),
  );
  const result = courseOrder(n, m, prereqs);
  console.log(result.join(" "));
}

main();
