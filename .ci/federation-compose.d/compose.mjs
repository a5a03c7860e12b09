// Composes subgraph schemas into a supergraph with Apollo's composition
// library (the one a router's supergraph build uses) and fails on any
// composition error.
//   node compose.mjs [--keys=NAME:Type,Type] OUT.graphql NAME=FILE NAME=FILE ...
// Prints the composition's hints; writes the supergraph SDL to OUT. With
// --keys, also fails unless each listed type is an entity of subgraph NAME
// keyed by id in the supergraph (@join__type(graph: NAME, key: "id")).
import { readFileSync, writeFileSync } from "node:fs";
import { parse, visit } from "graphql";
import { composeServices } from "@apollo/composition";

const args = process.argv.slice(2);
const keysArg = args[0]?.startsWith("--keys=") ? args.shift().slice("--keys=".length) : "";
const [out, ...specs] = args;
if (!out || specs.length < 2) {
  console.error("usage: node compose.mjs OUT.graphql NAME=FILE NAME=FILE ...");
  process.exit(2);
}
const services = specs.map((spec) => {
  const [name, file] = spec.split("=");
  return { name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(file, "utf8")) };
});
const result = composeServices(services);
if (result.errors?.length) {
  for (const e of result.errors) console.error(`composition error: ${e.extensions?.code ?? ""} ${e.message}`);
  process.exit(1);
}
for (const h of result.hints ?? []) console.log(`hint: ${h.definition.code}: ${h.message}`);
writeFileSync(out, result.supergraphSdl);
console.log(`composed ${services.map((s) => s.name).join(" + ")}: ${result.supergraphSdl.length} bytes of supergraph SDL`);

if (keysArg) {
  const [graph, types] = keysArg.split(":");
  const keyed = new Set();
  visit(parse(result.supergraphSdl), {
    ObjectTypeDefinition(node) {
      for (const d of node.directives ?? []) {
        if (d.name.value !== "join__type") continue;
        const arg = (n) => d.arguments.find((a) => a.name.value === n)?.value;
        if (arg("graph")?.value === graph.toUpperCase() && arg("key")?.value === "id") keyed.add(node.name.value);
      }
    },
  });
  const missing = types.split(",").filter((t) => !keyed.has(t));
  if (missing.length) {
    console.error(`not entities of ${graph} keyed by id in the supergraph: ${missing.join(", ")}`);
    process.exit(1);
  }
  console.log(`entities of ${graph} keyed by id: ${types.split(",").join(", ")}`);
}
