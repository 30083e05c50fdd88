const fs = require("fs");

// TODO: implement this function
function editDistance(a, b) {
  return 0;
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const a = next();
  const b = next();
  const result = editDistance(a, b);
  console.log(String(result));
}

main();
