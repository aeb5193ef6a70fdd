// The layering of app/ (scripts/layering.ts) holds, and the rule that holds it can fail: an
// import that points up is reported by Biome, the project's linter.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { layeringOverrides, layers } from "../scripts/layering.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const biome = join(root, "node_modules", ".bin", "biome");
const scratch = await mkdtemp(join(tmpdir(), "coxswain-layering-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Biome's findings of the layering rule under `cwd`, one `file: message` line each. */
async function layeringFindings(cwd: string, path: string): Promise<string[]> {
  const { stdout } = await run(
    biome,
    ["lint", "--only=style/noRestrictedImports", "--reporter=json", path],
    { cwd },
  ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  const report = JSON.parse(stdout) as {
    diagnostics: Array<{ location: { path: string }; message: string }>;
  };
  return report.diagnostics.map((d) => `${d.location.path}: ${d.message}`);
}

describe("the layering of app/", () => {
  it("is what biome.json enforces (npm run layers writes it)", async () => {
    const config = JSON.parse(await readFile(join(root, "biome.json"), "utf8"));
    expect(config.overrides).toEqual(layeringOverrides());
  });

  it("names every folder of app/ once", async () => {
    const folders = (await readdir(join(root, "app"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(layers.flat().sort()).toEqual(folders);
  });

  it("holds: no folder imports one of its own layer or a higher one", async () => {
    expect(await layeringFindings(root, "app")).toEqual([]);
  });

  it("reports an import that points up, at any depth", async () => {
    // The same config, outside any Git checkout (so without Biome's VCS integration).
    const config = JSON.parse(await readFile(join(root, "biome.json"), "utf8"));
    delete config.vcs;
    delete config.$schema;
    await writeFile(join(scratch, "biome.json"), JSON.stringify(config));
    await mkdir(join(scratch, "app", "runs", "deep"), { recursive: true });
    await writeFile(
      join(scratch, "app", "runs", "up.ts"),
      'import { serverApp } from "../server/server-app.ts";\nexport const up = serverApp;\n',
    );
    await writeFile(
      join(scratch, "app", "runs", "deep", "up.ts"),
      'import { x } from "../../github/x.ts";\nimport { y } from "../../runs/y.ts";\nexport const up = [x, y];\n',
    );
    const found = await layeringFindings(scratch, "app");
    expect(found.sort()).toEqual([
      "app/runs/deep/up.ts: app/runs/ is in layer 4 of scripts/layering.ts: it may import only folders of lower layers",
      "app/runs/up.ts: app/runs/ is in layer 4 of scripts/layering.ts: it may import only folders of lower layers",
    ]);
  });
});
