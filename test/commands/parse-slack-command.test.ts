import { describe, expect, it } from "vitest";
import { parseSlackCommand } from "../../app/commands/parse-slack-command.ts";

describe("parsing the Slack command /coxswain", () => {
  it.each([
    [
      "run acme/recommender train lr=0.01 epochs=5",
      {
        name: "run",
        repo: "acme/recommender",
        template: "train",
        parameters: { lr: "0.01", epochs: "5" },
      },
    ],
    [
      'run acme/ml.flows train note="a b"',
      { name: "run", repo: "acme/ml.flows", template: "train", parameters: { note: "a b" } },
    ],
    ["status acme/recommender", { name: "status", repo: "acme/recommender" }],
    ["rerun train-7f3a2", { name: "rerun", run: "train-7f3a2" }],
    ["retry ml/train-7f3a2", { name: "retry", run: "ml/train-7f3a2" }],
    ["STOP train-7f3a2", { name: "stop", run: "train-7f3a2" }],
    ["logs train-7f3a2", { name: "logs", run: "train-7f3a2" }],
    ["logs train-7f3a2 evaluate", { name: "logs", run: "train-7f3a2", step: "evaluate" }],
    ["help", { name: "help" }],
    ["", { name: "help" }],
  ])("reads %j", (text, command) => {
    expect(parseSlackCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ["run train", "usage: /coxswain run <owner/repo> <template> [name=value …]"],
    ["run acme/recommender lr=1", "usage: /coxswain run <owner/repo> <template> [name=value …]"],
    ["run acme/recommender train lr", '"lr" is not a parameter: write name=value'],
    ["run acme/recommender train a=1 a=2", "parameter a is given twice"],
    ["status", "usage: /coxswain status <owner/repo>"],
    ["stop", "usage: /coxswain stop <run>"],
    ["logs a b c", "usage: /coxswain logs <run> [step]"],
    ['run acme/x "open', 'unclosed " quote'],
    [
      "statsu acme/x",
      "unknown subcommand statsu; did you mean status? (/coxswain help lists them)",
    ],
  ])("answers %j with what is wrong", (text, message) => {
    expect(parseSlackCommand(text)).toEqual({ ok: false, message });
  });
});
