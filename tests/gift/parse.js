// Reads GIFT files with gift-pegjs (an independent GIFT parser from npm) and prints, as
// JSON, each file's questions or the parser's error with its line and column.
// Usage: node tests/gift/parse.js FILE...
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const out = {};
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  try {
    out[file] = { questions: parse(text) };
  } catch (error) {
    const where = error.location ? error.location.start : {};
    out[file] = { error: String(error.message), line: where.line, column: where.column };
  }
}
process.stdout.write(JSON.stringify(out));
