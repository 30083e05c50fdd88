const fs = require("fs");

// TODO: implement this function
function countIslands(r, c, grid) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const r = Number(next());
  const c = Number(next());
  const grid = Array.from({ length: r }, () => next());
  const result = countIslands(r, c, grid);
  console.log(String(result));
}

main();
