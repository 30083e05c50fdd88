const fs = require("fs");

// TODO: implement this function
function networkCost(n, m, links) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const m = Number(next());
  const links = Array.from({ length: m }, () =>
    Array.from({ length: 3 }, () => Number(next())),
  );
  const result = networkCost(n, m, links);
  console.log(String(result));
}

main();
