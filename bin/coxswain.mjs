#!/usr/bin/env node
// The `coxswain` command. The CLI is TypeScript that Node 24 runs directly; on an older
// Node, re-run with the Node 24 that `npm ci` put in node_modules/.bin.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../app/cli/main.ts", import.meta.url));
const major = Number(process.versions.node.split(".")[0]);
if (major >= 24) {
  process.argv.splice(1, 1, cli);
  const { main } = await import(cli);
  const result = await main(process.argv.slice(2), process.env);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
} else {
  const node24 = fileURLToPath(new URL("../node_modules/.bin/node", import.meta.url));
  if (!existsSync(node24)) {
    console.error("coxswain: needs Node 24 (run `npm ci` in the coxswain folder, or use Node 24)");
    process.exit(2);
  }
  const run = spawnSync(node24, [cli, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
