// The grammar of slash commands in a pull-request comment: one command per line, other text
// ignored. Three outcomes, as in Atlantis' comment parser: commands to run, problems to
// answer right away, or nothing (a comment that is not for coxswain).
import { closest, distance } from "fastest-levenshtein";

export type Command =
  | {
      name: "run";
      template: string;
      parameters: Record<string, string>;
      /** `@1a2b3c4`: the commit the commenter reviewed (a fork's pull request needs one). */
      commit?: string;
    }
  | { name: "rerun" | "retry" | "stop" | "terminate"; run?: string }
  | { name: "logs"; step?: string; run?: string }
  | { name: "cron"; action: "list" | "run-now" | "suspend" | "resume"; cron?: string }
  | { name: "status" }
  | { name: "plan" }
  | { name: "help" };

export type CommandName = Command["name"];

export const commandNames: readonly CommandName[] = [
  "run",
  "rerun",
  "retry",
  "stop",
  "terminate",
  "status",
  "logs",
  "plan",
  "cron",
  "help",
];

export interface CommandProblem {
  /** The line as written. */
  text: string;
  message: string;
}

export interface ParsedComment {
  commands: Command[];
  problems: CommandProblem[];
}

const commandLine = /^\/([A-Za-z][\w-]*)(?:\s+(.*))?$/;

export function parseComment(body: string): ParsedComment {
  const parsed: ParsedComment = { commands: [], problems: [] };
  let inFence = false;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence || line.startsWith(">")) continue; // code and quoted replies are not commands
    const match = commandLine.exec(line);
    if (!match) continue;
    const word = (match[1] ?? "").toLowerCase();
    const result = parseCommand(word, tokenize(match[2] ?? ""));
    if (result === undefined) continue;
    if ("message" in result) parsed.problems.push({ text: line, message: result.message });
    else parsed.commands.push(result);
  }
  return parsed;
}

/** A command, a problem with it, or undefined for a slash word meant for someone else (`/cc`). */
function parseCommand(
  word: string,
  args: string[] | { error: string },
): Command | { message: string } | undefined {
  if (!commandNames.includes(word as CommandName)) {
    const near = closest(word, [...commandNames]);
    return distance(word, near) <= 2
      ? { message: `unknown command /${word}; did you mean /${near}? (/help lists the commands)` }
      : undefined;
  }
  if ("error" in args) return { message: args.error };
  const name = word as CommandName;
  switch (name) {
    case "run":
      return parseRun(args);
    case "logs":
      if (args.length < 1 || args.length > 2) return { message: "usage: /logs <step> [run]" };
      return { name, step: args[0] as string, ...(args[1] ? { run: args[1] } : {}) };
    case "cron":
      return parseCron(args);
    case "rerun":
    case "retry":
    case "stop":
    case "terminate":
      if (args.length > 1) return { message: `usage: /${name} [run]` };
      return { name, ...(args[0] ? { run: args[0] } : {}) };
    default:
      if (args.length > 0) return { message: `/${name} takes no arguments` };
      return { name };
  }
}

const cronActions = ["list", "run-now", "suspend", "resume"] as const;

function parseCron(args: string[]): Command | { message: string } {
  const [action, cron, ...extra] = args;
  const usage = { message: "usage: /cron list | /cron run-now|suspend|resume <name>" };
  if (!cronActions.includes(action as (typeof cronActions)[number]) || extra.length > 0)
    return usage;
  if (action === "list") return cron ? usage : { name: "cron", action: "list" };
  if (!cron) return usage;
  return { name: "cron", action: action as (typeof cronActions)[number], cron };
}

const runUsage = "usage: /run <template> [@commit] [name=value …]";
const commitWord = /^@([0-9a-f]{7,40})$/i;

function parseRun(args: string[]): Command | { message: string } {
  const [template, ...rest] = args;
  if (!template || template.includes("=") || template.startsWith("@")) return { message: runUsage };
  const commit = rest[0]?.startsWith("@") ? rest.shift() : undefined;
  if (commit !== undefined && !commitWord.test(commit))
    return { message: `"${commit}" is not a commit: write @ and 7 to 40 hex digits of its sha` };
  const parsed = parseParameters(rest);
  if (!parsed.ok) return { message: parsed.message };
  return {
    name: "run",
    template,
    parameters: parsed.parameters,
    ...(commit ? { commit: commit.slice(1).toLowerCase() } : {}),
  };
}

/** `name=value` words as parameters. */
export function parseParameters(
  pairs: readonly string[],
): { ok: true; parameters: Record<string, string> } | { ok: false; message: string } {
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0)
      return { ok: false, message: `"${pair}" is not a parameter: write name=value` };
    const key = pair.slice(0, equals);
    if (key in parameters) return { ok: false, message: `parameter ${key} is given twice` };
    parameters[key] = pair.slice(equals + 1);
  }
  return { ok: true, parameters };
}

/** Splits on spaces; "double" or 'single' quotes keep spaces inside a value. */
export function tokenize(text: string): string[] | { error: string } {
  const tokens: string[] = [];
  let current = "";
  let quote: string | undefined;
  let started = false;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) tokens.push(current);
      current = "";
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (quote) return { error: `unclosed ${quote} quote` };
  if (started) tokens.push(current);
  return tokens;
}

/** How a command is named in an answer: `/run train`, `/cron suspend`, `/stop`. */
export function commandLabel(command: Command): string {
  if (command.name === "run") return `/run ${command.template}`;
  if (command.name === "cron") return `/cron ${command.action}`;
  return `/${command.name}`;
}
