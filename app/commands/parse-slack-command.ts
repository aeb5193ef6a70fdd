// The grammar of the Slack command `/coxswain <subcommand> …`. The subcommands mirror the pull
// request commands; those that act on a run name it (`run-abc123` or `namespace/run-abc123`).
import { closest } from "fastest-levenshtein";
import { parseParameters, tokenize } from "./parse-comment.ts";

export type SlackCommand =
  | { name: "run"; repo: string; template: string; parameters: Record<string, string> }
  | { name: "status"; repo: string }
  | { name: "rerun" | "retry" | "stop"; run: string }
  | { name: "logs"; run: string; step?: string }
  | { name: "cron"; repo: string; action: "list" | "run-now" | "suspend" | "resume"; cron?: string }
  | { name: "help" };

export type ParsedSlackCommand =
  | { ok: true; command: SlackCommand }
  | { ok: false; message: string };

const usage: Record<SlackCommand["name"], string> = {
  run: "/coxswain run <owner/repo> <template> [name=value …]",
  status: "/coxswain status <owner/repo>",
  rerun: "/coxswain rerun <run>",
  retry: "/coxswain retry <run>",
  stop: "/coxswain stop <run>",
  logs: "/coxswain logs <run> [step]",
  cron: "/coxswain cron <owner/repo> list | run-now|suspend|resume <name>",
  help: "/coxswain help",
};

export const slackUsage = Object.values(usage);

const repoName = /^[\w.-]+\/[\w.-]+$/;

export function parseSlackCommand(text: string): ParsedSlackCommand {
  const tokens = tokenize(text.trim());
  if ("error" in tokens) return { ok: false, message: tokens.error };
  const [word = "help", ...args] = tokens;
  const name = word.toLowerCase();
  const fail = (command: SlackCommand["name"]) => ({
    ok: false as const,
    message: `usage: ${usage[command]}`,
  });
  switch (name) {
    case "help":
      return { ok: true, command: { name: "help" } };
    case "run": {
      const [repo, template, ...pairs] = args;
      if (!repo || !repoName.test(repo) || !template || template.includes("=")) return fail("run");
      const parsed = parseParameters(pairs);
      if (!parsed.ok) return { ok: false, message: parsed.message };
      return {
        ok: true,
        command: { name: "run", repo, template, parameters: parsed.parameters },
      };
    }
    case "status":
      if (args.length !== 1 || !repoName.test(args[0] ?? "")) return fail("status");
      return { ok: true, command: { name: "status", repo: args[0] as string } };
    case "cron": {
      const [repo, action, cron, ...extra] = args;
      const actions = ["list", "run-now", "suspend", "resume"] as const;
      const known = actions.find((a) => a === action);
      if (!repo || !repoName.test(repo) || !known || extra.length > 0) return fail("cron");
      if ((known === "list") !== (cron === undefined)) return fail("cron");
      return {
        ok: true,
        command: { name: "cron", repo, action: known, ...(cron ? { cron } : {}) },
      };
    }
    case "rerun":
    case "retry":
    case "stop":
      if (args.length !== 1) return fail(name);
      return { ok: true, command: { name, run: args[0] as string } };
    case "logs":
      if (args.length < 1 || args.length > 2) return fail("logs");
      return {
        ok: true,
        command: { name: "logs", run: args[0] as string, ...(args[1] ? { step: args[1] } : {}) },
      };
    default: {
      const near = closest(name, Object.keys(usage));
      return {
        ok: false,
        message: `unknown subcommand ${name}; did you mean ${near}? (/coxswain help lists them)`,
      };
    }
  }
}
