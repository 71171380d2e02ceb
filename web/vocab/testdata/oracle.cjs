// Counts the oracle corpus with the npm package tiktoken (OpenAI's
// tokenizer compiled to WebAssembly, ranks bundled): reads a JSON array of
// texts (written by `go test ./web/vocab -run TestOracle -corpus FILE`)
// and prints "index sha256-prefix o200k_base cl100k_base" per text, the
// file oracle.tsv beside this script. `make tokens-oracle` runs it.
// NODE_PATH names the node_modules folder that holds tiktoken.
const { readFileSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { get_encoding } = require("tiktoken");

const texts = JSON.parse(readFileSync(process.argv[2], "utf8"));
const o200k = get_encoding("o200k_base");
const cl100k = get_encoding("cl100k_base");
const lines = texts.map((t, i) => {
  const hash = createHash("sha256").update(t, "utf8").digest("hex").slice(0, 16);
  return `${i}\t${hash}\t${o200k.encode_ordinary(t).length}\t${cl100k.encode_ordinary(t).length}`;
});
process.stdout.write(lines.join("\n") + "\n");
