const fs = require("fs");

// TODO: implement this function
function diameter(n, level) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const n = Number(next());
  const level = Array.from({ length: n }, () => Number(next()));
  const result = diameter(n, level);
  console.log(String(result));
}

main();
