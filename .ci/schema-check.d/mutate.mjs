// Rewrites an SDL file for the schema check's self-test: prints it with
// one field removed, or with one field deprecated.
//   node mutate.mjs remove    FILE Type.field
//   node mutate.mjs deprecate FILE Type.field
import { readFileSync } from "node:fs";
import { parse, print, visit, Kind } from "graphql";

const [mode, file, coordinate] = process.argv.slice(2);
const [typeName, fieldName] = (coordinate ?? "").split(".");
if (!["remove", "deprecate"].includes(mode) || !file || !fieldName) {
  console.error("usage: node mutate.mjs remove|deprecate FILE Type.field");
  process.exit(2);
}
let found = false;
const doc = visit(parse(readFileSync(file, "utf8")), {
  ObjectTypeDefinition(node) {
    if (node.name.value !== typeName) return undefined;
    const fields = [];
    for (const f of node.fields) {
      if (f.name.value !== fieldName) { fields.push(f); continue; }
      found = true;
      if (mode === "deprecate") {
        fields.push({ ...f, directives: [...f.directives, {
          kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: "deprecated" }, arguments: [] }] });
      }
    }
    return { ...node, fields };
  },
});
if (!found) {
  console.error(`mutate.mjs: no field ${coordinate} in ${file}`);
  process.exit(1);
}
process.stdout.write(print(doc) + "\n");
