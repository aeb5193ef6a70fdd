// What a Slack user asked for (a /coxswain command or a button on a run's message), carried out
// through the same use cases, repository context and permission check as a pull request's
// commands. The Slack user must map to a GitHub login that may use the commands on the
// repository; anyone else gets a refusal and nothing changes.
import type { Command } from "../commands/parse-comment.ts";
import { type SlackCommand, slackUsage } from "../commands/parse-slack-command.ts";
import { namespaceForRepository } from "../config/server-policy.ts";
import { type Message, plain, say } from "../report/message.ts";
import { mrkdwnOf } from "../report/slack/message-mrkdwn.ts";
import { renderRunLines } from "../report/slack/render-run-lines.ts";
import { sectionTextLimit, slackEscape, tailOf } from "../report/slack/slack-text.ts";
import type { Outcome } from "../use-cases/outcome.ts";
import { performCommand } from "../use-cases/perform-command.ts";
import { openRepositoryContext, type RepositoryContext } from "../use-cases/repository-context.ts";
import type { GatewayFor } from "../use-cases/repository-gateway.ts";
import type { Services } from "../use-cases/services.ts";
import { locateRun } from "./locate-run.ts";
import type { SlackIdentities } from "./slack-identity.ts";

export interface SlackRequestPorts {
  services: Services;
  identities: SlackIdentities;
  gatewayFor: GatewayFor;
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
  ports: SlackRequestPorts,
): Promise<SlackReply> {
  switch (command.name) {
    case "help":
      return toAsker(["*coxswain* commands:", ...slackUsage.map((u) => `• \`${u}\``)].join("\n"));
    case "run": {
      const { template, parameters } = command;
      return onRepository(command.repo, { name: "run", template, parameters }, who, ports);
    }
    case "status":
      return onRepository(command.repo, { name: "status" }, who, ports);
    case "cron": {
      const cron = { name: "cron" as const, action: command.action };
      return onRepository(
        command.repo,
        command.cron ? { ...cron, cron: command.cron } : cron,
        who,
        ports,
      );
    }
    case "logs":
      return onRun(command.run, "logs", who, ports, command.step);
    default:
      return onRun(command.run, command.name, who, ports);
  }
}

export function answerButton(
  button: RunButton,
  runRef: string,
  who: Requester,
  ports: SlackRequestPorts,
): Promise<SlackReply> {
  return onRun(runRef, button, who, ports);
}

async function onRepository(
  fullName: string,
  command: Exclude<Command, { name: "plan" }>,
  who: Requester,
  ports: SlackRequestPorts,
): Promise<SlackReply> {
  const opened = await contextFor(fullName, who, ports);
  if (!opened.ok) return toAsker(mrkdwnOf(opened.problem));
  return replyOf(await performCommand(command, opened.context, ports.services), who);
}

/** A command on a run named in Slack: its repository is the one its signed identity names. */
async function onRun(
  runRef: string,
  verb: RunButton,
  who: Requester,
  ports: SlackRequestPorts,
  step?: string,
): Promise<SlackReply> {
  const located = await locateRun(runRef, ports.services);
  if (!located.ok) return toAsker(mrkdwnOf(plain(located.problem)));
  const opened = await contextFor(located.repository, who, ports);
  if (!opened.ok) return toAsker(mrkdwnOf(opened.problem));
  if (opened.context.namespace !== located.namespace)
    return toAsker(
      mrkdwnOf(say`${located.name} is not in ${located.repository}'s namespace; nothing was done.`),
    );
  const run = located.name;
  const command: Exclude<Command, { name: "plan" }> =
    verb === "logs" ? { name: "logs", run, ...(step ? { step } : {}) } : { name: verb, run };
  return replyOf(await performCommand(command, opened.context, ports.services), who);
}

async function contextFor(
  fullName: string,
  who: Requester,
  ports: SlackRequestPorts,
): Promise<{ ok: true; context: RepositoryContext } | { ok: false; problem: Message }> {
  const login = await ports.identities.githubLoginOf(who.slackUser);
  if (!login)
    return {
      ok: false,
      problem: say`Your Slack account is not linked to a GitHub login in coxswain's server policy, so coxswain cannot check your permission; nothing was done. A platform engineer can add you under slack.users.`,
    };
  const mapping = namespaceForRepository(ports.services.server, fullName);
  if (!mapping.ok) return { ok: false, problem: plain(mapping.reason) };
  const gateway = await ports.gatewayFor(fullName);
  if (!gateway)
    return { ok: false, problem: say`the coxswain App is not installed on ${fullName}` };
  return openRepositoryContext(
    {
      gateway,
      actor: { login, via: "slack", slackUser: who.slackUser },
      requestId: `slack:${who.triggerId}`,
    },
    ports.services.server,
  );
}

function replyOf(outcome: Outcome, who: Requester): SlackReply {
  switch (outcome.kind) {
    case "done":
      // What changed a run is told to the channel, with who asked; the rest to the asker.
      return outcome.changed
        ? { text: `<@${who.slackUser}>: ${mrkdwnOf(outcome.message)}`, inChannel: true }
        : toAsker(mrkdwnOf(outcome.message));
    case "refused":
      return toAsker(mrkdwnOf(outcome.problem));
    case "runs":
      return toAsker(renderRunLines(outcome.of, outcome.rows));
    case "log": {
      const text = tailOf(slackEscape(outcome.text.trimEnd() || "(empty)"), sectionTextLimit - 200);
      return toAsker(
        `Last lines of \`${slackEscape(outcome.step)}\` in \`${outcome.run}\`:\n\`\`\`${text}\`\`\``,
      );
    }
    case "help":
      return toAsker(["*coxswain* commands:", ...slackUsage.map((u) => `• \`${u}\``)].join("\n"));
  }
}
