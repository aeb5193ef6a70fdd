// `npm run bench`: runs every benchmark and prints its figures. Never part of `npm test`.
import { cpus, totalmem } from "node:os";
import { benchSync200 } from "./sync-200-templates.ts";

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}\n`,
);
await benchSync200();
