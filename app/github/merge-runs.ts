// After a successful sync of the default branch: start the runs whose `on: merge` trigger the
// change fires, each shown as a queued `coxswain/run: <template>` check run on the commit.
import type { Logger } from "pino";
import type { RepoPolicy } from "../config/repo-config.ts";
import type { Definition } from "../definitions/definition.ts";
import type { RepoSnapshot } from "../git/repo-mirror.ts";
import { firedTriggers } from "../runs/fired-triggers.ts";
import type { Services } from "../use-cases/services.ts";
import { startAndShow } from "../use-cases/start-and-show.ts";
import type { Octokit, RepoRef } from "./check-runs.ts";
import { githubRunPresenter } from "./run-presenter.ts";

export interface MergeRunRequest {
  octokit: Octokit;
  log: Logger;
  repo: RepoRef;
  repoFullName: string;
  namespace: string;
  snapshot: RepoSnapshot;
  /** The commit the branch moved from; unknown (or new branch) means every file changed. */
  before?: string;
  /** The files the push changed, when its payload lists them all (saves a git diff). */
  changedFiles?: string[];
  actor: string;
  policy: RepoPolicy;
  /** The definitions the sync just read at this commit. */
  definitions: Definition[];
  installationId?: number;
}

/** Starts the fired runs; returns a line per trigger for the sync check run's summary. */
export async function startMergeRuns(request: MergeRunRequest, deps: Services): Promise<string[]> {
  if (!request.policy.triggers.some((trigger) => trigger.on === "merge")) return [];
  const sha = request.snapshot.sha;
  const changed =
    request.changedFiles ??
    (request.before && !/^0+$/.test(request.before)
      ? await deps.git
          .changedFiles(request.repoFullName, request.before, sha)
          .catch(() => "all" as const)
      : ("all" as const));
  const presenter = githubRunPresenter(request.octokit, request.repo);
  const lines: string[] = [];
  for (const [index, trigger] of firedTriggers(
    request.policy.triggers,
    "merge",
    changed,
  ).entries()) {
    const started = await startAndShow(
      {
        policy: request.policy,
        repoFullName: request.repoFullName,
        namespace: request.namespace,
        template: trigger.template,
        commit: sha,
        trigger: "merge",
        actor: request.actor,
        ...(request.installationId ? { installationId: request.installationId } : {}),
        idempotencyKey: `merge:${sha}:${index}:${trigger.template}`,
        snapshot: request.snapshot,
        parameters: trigger.parameters,
        definitions: { policy: request.policy, definitions: request.definitions },
      },
      presenter,
      deps,
    );
    if (!started.ok) {
      lines.push(
        `⚠️ The merge trigger of \`${trigger.template}\` did not start: ${started.problems.join(" ")}`,
      );
      continue;
    }
    if (!started.created) continue;
    const run = started.run;
    request.log.info(
      { run: run.metadata.name, template: trigger.template },
      "merge trigger started a run",
    );
    lines.push(`🚀 Started \`${run.metadata.name}\` (\`${trigger.template}\`, merge trigger).`);
  }
  return lines;
}
