// Prints the JSON Schema of `.github/coxswain.yml`, generated from the zod schema the app
// validates with, so editors can check the file (`npm run schema` writes schemas/).
import { z } from "zod";
import { repoConfigSchema } from "../app/config/repo-config.ts";

export function repoConfigJsonSchema(): string {
  const schema = z.toJSONSchema(repoConfigSchema, { io: "input" });
  return `${JSON.stringify({ ...schema, title: "coxswain repository config (.github/coxswain.yml)" }, null, 2)}\n`;
}

if (import.meta.main) process.stdout.write(repoConfigJsonSchema());
