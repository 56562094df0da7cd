// Reads a JSON array of Kubernetes objects (the file named by the first argument) and validates each against
// its kind's OpenAPI schema; prints one line per problem and exits 1 if there was any, 2 on a kind it cannot
// check (so a new kind in the chart is never silently skipped).
import { readFileSync } from "node:fs";

const CUSTOM = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  if (group && CUSTOM[group]) return `${CUSTOM[group]}/${group}/${version}/${kind}`;
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let problems = 0;
for (const o of objects) {
  const what = `${o.kind}/${o.metadata?.name}`;
  let Model;
  try {
    Model = (await import(modulePath(o.apiVersion, o.kind)))[o.kind];
  } catch (e) {
    console.log(`${what}: no schema for ${o.apiVersion} ${o.kind}`);
    process.exit(2);
  }
  try {
    new Model(o).validate();
  } catch (e) {
    problems++;
    console.log(`${what}: ${e.message}`);
  }
}
console.log(`${objects.length} objects checked, ${problems} invalid`);
process.exit(problems ? 1 : 0);
