// What a Slack user asked for (a /coxswain command or a button on a run's message), checked and
// carried out through the same run actions as the pull request commands. The Slack user must
// map to a GitHub login that may use the commands on the run's repository; anyone else gets a
// refusal and nothing changes.

import { cronCommand } from "../actions/cron-actions.ts";
import {
  type ActionContext,
  type ActionOutcome,
  rerunRun,
  retryRun,
  stepLog,
  stopRunAction,
} from "../actions/run-actions.ts";
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, managedSelector } from "../cluster/labels.ts";
import type { SlackCommand } from "../commands/parse-slack-command.ts";
import { slackUsage } from "../commands/parse-slack-command.ts";
import type { AppDeps } from "../github/app-deps.ts";
import { startAndShowRun } from "../github/start-and-show-run.ts";
import { sectionTextLimit, slackEscape, tailOf } from "../report/slack/slack-text.ts";
import { isRunning, phaseOf } from "../runs/find-runs.ts";
import type { SlackIdentities } from "./slack-identity.ts";
import {
  type InstallationFor,
  mayAct,
  openRepository,
  type SlackRepository,
} from "./slack-repository.ts";
import { slackRunList } from "./slack-run-list.ts";

export interface SlackDesk {
  deps: AppDeps;
  identities: SlackIdentities;
  installationFor: InstallationFor;
}

export interface Requester {
  slackUser: string;
  /** Slack's id of this request (the same when Slack delivers it again). */
  triggerId: string;
}

/** `inChannel`: the answer changes a run, so the channel sees it too. */
export interface SlackReply {
  text: string;
  inChannel: boolean;
}

export type RunButton = "rerun" | "retry" | "stop" | "logs";

const toAsker = (text: string): SlackReply => ({ text, inChannel: false });

export async function answerCommand(
  command: SlackCommand,
  who: Requester,
  desk: SlackDesk,
): Promise<SlackReply> {
  switch (command.name) {
    case "help":
      return toAsker(["*coxswain* commands:", ...slackUsage.map((u) => `• \`${u}\``)].join("\n"));
    case "run":
      return startFromSlack(command, who, desk);
    case "status": {
      const checked = await checkedRepository(command.repo, who, desk);
      if (!checked.ok) return toAsker(slackEscape(checked.problem));
      return toAsker(await slackRunList(checked.repository, desk.deps));
    }
    case "logs":
      return actOnRun(command.run, "logs", who, desk, command.step);
    case "cron":
      return cronFromSlack(command, who, desk);
    default:
      return actOnRun(command.run, command.name, who, desk);
  }
}

export function answerButton(
  button: RunButton,
  runRef: string,
  who: Requester,
  desk: SlackDesk,
): Promise<SlackReply> {
  return actOnRun(runRef, button, who, desk);
}

async function actOnRun(
  runRef: string,
  action: RunButton,
  who: Requester,
  desk: SlackDesk,
  step?: string,
): Promise<SlackReply> {
  const found = await findRunByRef(runRef, desk);
  if (!found.ok) return toAsker(slackEscape(found.problem));
  const run = found.run;
  const fullName = run.metadata.annotations?.[annotationKeys.repoFullName] ?? "";
  const checked = await checkedRepository(fullName, who, desk);
  if (!checked.ok) return toAsker(slackEscape(checked.problem));
  const { repository, login } = checked;
  if (run.metadata.namespace !== repository.namespace) {
    return toAsker(`${run.metadata.name} is not in ${fullName}'s namespace; nothing was done.`);
  }
  if (action === "logs") {
    const log = await stepLog(run, step, desk.deps);
    if (!log.ok) return toAsker(slackEscape(log.problem));
    const text = tailOf(slackEscape(log.text.trimEnd() || "(empty)"), sectionTextLimit - 200);
    return toAsker(
      `Last lines of \`${log.step}\` in \`${run.metadata.name}\`:\n\`\`\`${text}\`\`\``,
    );
  }
  const context = actionContext(repository, login, who, desk);
  let outcome: ActionOutcome;
  if (action === "stop") {
    if (!isRunning(run)) return toAsker(`${run.metadata.name} is not running (${phaseOf(run)}).`);
    outcome = await stopRunAction(run, desk.deps, "Stop");
  } else if (action === "retry") {
    outcome = await retryRun(run, context);
  } else {
    outcome = await rerunRun(run, context);
  }
  if (!outcome.ok) return toAsker(slackEscape(outcome.problem));
  return { text: `<@${who.slackUser}>: ${slackEscape(outcome.message)}`, inChannel: true };
}

async function startFromSlack(
  command: Extract<SlackCommand, { name: "run" }>,
  who: Requester,
  desk: SlackDesk,
): Promise<SlackReply> {
  const checked = await checkedRepository(command.repo, who, desk);
  if (!checked.ok) return toAsker(slackEscape(checked.problem));
  const { repository, login } = checked;
  const started = await startAndShowRun(
    {
      octokit: repository.octokit,
      repo: repository.repo,
      repoFullName: repository.fullName,
      namespace: repository.namespace,
      template: command.template,
      commit: repository.head,
      trigger: "slack",
      actor: login,
      slackUser: who.slackUser,
      installationId: repository.installationId,
      idempotencyKey: `slack:${who.triggerId}`,
      snapshot: await repository.snapshotAt(repository.head),
      parameters: command.parameters,
    },
    desk.deps,
  );
  if (!started.ok)
    return toAsker(slackEscape(`\`run ${command.template}\`: ${started.problems.join("\n")}`));
  return {
    text: `<@${who.slackUser}> started \`${started.run.metadata.name}\` (${slackEscape(command.template)} at ${repository.head.slice(0, 7)} of ${repository.fullName}).`,
    inChannel: true,
  };
}

async function cronFromSlack(
  command: Extract<SlackCommand, { name: "cron" }>,
  who: Requester,
  desk: SlackDesk,
): Promise<SlackReply> {
  const checked = await checkedRepository(command.repo, who, desk);
  if (!checked.ok) return toAsker(slackEscape(checked.problem));
  const outcome = await cronCommand(command.action, command.cron, {
    cluster: desk.deps.cluster,
    namespace: checked.repository.namespace,
    repoFullName: checked.repository.fullName,
    actor: checked.login,
    idempotencyKey: `slack:${who.triggerId}`,
    ...(desk.deps.server.argo.instanceId ? { instanceId: desk.deps.server.argo.instanceId } : {}),
    signer: desk.deps.signer,
  });
  if (!outcome.ok) return toAsker(slackEscape(outcome.problem));
  if (command.action === "list") return toAsker(slackEscape(outcome.message));
  return { text: `<@${who.slackUser}>: ${slackEscape(outcome.message)}`, inChannel: true };
}

type Checked =
  | { ok: true; repository: SlackRepository; login: string }
  | { ok: false; problem: string };

async function checkedRepository(
  fullName: string,
  who: Requester,
  desk: SlackDesk,
): Promise<Checked> {
  const login = await desk.identities.githubLoginOf(who.slackUser);
  if (!login) {
    return {
      ok: false,
      problem:
        "Your Slack account is not linked to a GitHub login in coxswain's server policy, so coxswain cannot check your permission; nothing was done. A platform engineer can add you under `slack.users`.",
    };
  }
  const opened = await openRepository(fullName, desk.deps, desk.installationFor);
  if (!opened.ok) return opened;
  const allowed = await mayAct(opened.repository, login);
  if (!allowed.ok) return allowed;
  return { ok: true, repository: opened.repository, login };
}

function actionContext(
  repository: SlackRepository,
  login: string,
  who: Requester,
  desk: SlackDesk,
): ActionContext {
  return {
    deps: desk.deps,
    octokit: repository.octokit,
    repo: repository.repo,
    installationId: repository.installationId,
    actor: login,
    slackUser: who.slackUser,
    trigger: "slack",
    idempotencyKey: `slack:${who.triggerId}`,
    snapshotAt: (commit, pr) => repository.snapshotAt(commit, pr),
  };
}

/** `namespace/name`, or a bare name looked up across the namespaces coxswain manages. */
async function findRunByRef(
  runRef: string,
  desk: SlackDesk,
): Promise<{ ok: true; run: ArgoObject } | { ok: false; problem: string }> {
  const [namespace, name] = runRef.includes("/") ? runRef.split("/", 2) : [undefined, runRef];
  const matches: ArgoObject[] = [];
  for await (const run of desk.deps.cluster.list("Workflow", namespace, {
    labelSelector: managedSelector,
    fieldSelector: `metadata.name=${name}`,
  }))
    matches.push(run);
  const [run, other] = matches;
  if (!run) return { ok: false, problem: `there is no run ${runRef}` };
  if (other) {
    const names = matches.map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
    return {
      ok: false,
      problem: `several runs are named ${name}: say which (${names.join(", ")})`,
    };
  }
  return { ok: true, run };
}
