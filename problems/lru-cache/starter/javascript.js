const fs = require("fs");

// TODO: implement this function
function runCache(capacity, q, ops) {
  return [];
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const capacity = Number(next());
  const q = Number(next());
  const ops = Array.from({ length: q }, () =>
    Array.from({ length: 3 }, () => Number(next())),
  );
  const result = runCache(capacity, q, ops);
  console.log(result.join(" "));
}

main();
