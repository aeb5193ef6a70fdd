import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../app/cli/main.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { type TempRepoDir, tempRepoDir } from "../support/temp-repo-dir.ts";

let repo: TempRepoDir | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

const broken = workflowTemplate("eval").replace("      container:\n", "      contianer:\n");

describe("coxswain lint", () => {
  it("prints one file:line:col line per problem and exits 1", async () => {
    repo = await tempRepoDir({
      "workflows/eval.yaml": broken,
      "workflows/train.yaml": workflowTemplate("train"),
    });
    const result = await main(["lint", repo.dir], {});
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      `${repo.dir}/workflows/eval.yaml:21:7: unknown field "contianer" in spec.templates[1]; did you mean "container"?\n`,
    );
  });

  it("exits 0 and counts the definitions when everything is valid", async () => {
    repo = await tempRepoDir({ "workflows/train.yaml": workflowTemplate("train") });
    expect(await main(["lint", repo.dir], {})).toEqual({
      exitCode: 0,
      stdout: "1 definition valid\n",
      stderr: "",
    });
  });

  it("answers JSON with --format json", async () => {
    repo = await tempRepoDir({ "workflows/eval.yaml": broken });
    const result = await main(["lint", repo.dir, "--format", "json"], {});
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      definitions: [],
      problems: [
        {
          file: "workflows/eval.yaml",
          line: 21,
          column: 7,
          severity: "error",
          message: 'unknown field "contianer" in spec.templates[1]; did you mean "container"?',
        },
      ],
    });
  });

  it("refuses bad usage with exit code 2", async () => {
    expect(await main(["lint", ".", "--format", "xml"], {})).toMatchObject({
      exitCode: 2,
      stderr: "coxswain: --format must be text or json\n",
    });
    expect(await main(["deploy"], {})).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining('unknown command "deploy"'),
    });
  });

  it("runs as the coxswain command from bin/", async () => {
    repo = await tempRepoDir({ "workflows/eval.yaml": broken });
    const run = spawnSync(process.execPath, ["bin/coxswain.mjs", "lint", repo.dir], {
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("workflows/eval.yaml:21:7: unknown field");
  });
});
