const fs = require("fs");

// TODO: implement this function
function isBalanced(s) {
  return "";
}

function main() {
  const tokens = fs.readFileSync(0, "utf8").split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = () => tokens[pos++];
  const s = next();
  const result = isBalanced(s);
  console.log(result);
}

main();
