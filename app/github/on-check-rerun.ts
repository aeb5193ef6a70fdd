// "Re-run" on a coxswain check run in GitHub's UI: the sync, the plan or the pipeline runs
// again for the same commit (as a new check run, as GitHub expects).
import type { Context } from "probot";
import { namespaceForRepository } from "../config/server-policy.ts";
import { runCheckPrefix } from "../report/run-marker.ts";
import type { Services } from "../use-cases/services.ts";
import { planCheckName, runPlan } from "./plan-runner.ts";
import { rerunFromCheck } from "./rerun-from-check.ts";
import { type SyncRunner, syncCheckName } from "./sync-runner.ts";

export function checkRerunHandler(deps: Services, sync: SyncRunner) {
  return async (context: Context<"check_run.rerequested">): Promise<void> => {
    const { check_run: checkRun, repository } = context.payload;
    const isRun = checkRun.name.startsWith(runCheckPrefix);
    if (checkRun.name !== syncCheckName && checkRun.name !== planCheckName && !isRun) return;
    const mapping = namespaceForRepository(deps.server, repository.full_name);
    if (!mapping.ok) return;
    const common = {
      octokit: context.octokit,
      log: context.log,
      repository,
      namespace: mapping.namespace,
    };
    if (isRun) {
      if (!checkRun.external_id) return;
      await rerunFromCheck(
        {
          octokit: context.octokit,
          log: context.log,
          repository,
          runName: checkRun.external_id,
          checkRunId: checkRun.id,
          pullRequests: checkRun.pull_requests.map((pull) => pull.number),
          actor: context.payload.sender.login,
          ...(context.payload.installation
            ? { installationId: context.payload.installation.id }
            : {}),
        },
        deps,
      );
      return;
    }
    if (checkRun.name === syncCheckName) {
      await sync({ ...common, sha: checkRun.head_sha, fresh: true });
      return;
    }
    const refs = checkRun.pull_requests.map((pull) => `refs/pull/${pull.number}/head`);
    await runPlan({ ...common, headSha: checkRun.head_sha, refs }, deps);
  };
}
