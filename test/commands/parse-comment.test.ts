import { describe, expect, it } from "vitest";
import { parseComment } from "../../app/commands/parse-comment.ts";

describe("parsing slash commands in a comment", () => {
  it.each([
    [
      "/run train lr=0.01 epochs=5",
      { name: "run", template: "train", parameters: { lr: "0.01", epochs: "5" } },
    ],
    [
      '/run train note="a b c" empty=',
      { name: "run", template: "train", parameters: { note: "a b c", empty: "" } },
    ],
    [
      "/run train url=http://x/y?a=b",
      { name: "run", template: "train", parameters: { url: "http://x/y?a=b" } },
    ],
    [
      "/run train @1A2B3C4 lr=0.1",
      { name: "run", template: "train", commit: "1a2b3c4", parameters: { lr: "0.1" } },
    ],
    ["/rerun", { name: "rerun" }],
    ["/retry train-7f3a2", { name: "retry", run: "train-7f3a2" }],
    ["/stop", { name: "stop" }],
    ["/terminate train-7f3a2", { name: "terminate", run: "train-7f3a2" }],
    ["/status", { name: "status" }],
    ["/logs evaluate", { name: "logs", step: "evaluate" }],
    ["/logs evaluate train-7f3a2", { name: "logs", step: "evaluate", run: "train-7f3a2" }],
    ["/plan", { name: "plan" }],
    ["/help", { name: "help" }],
    ["  /RUN train", { name: "run", template: "train", parameters: {} }],
  ])("reads %j", (body, command) => {
    expect(parseComment(body)).toEqual({ commands: [command], problems: [] });
  });

  it("reads several commands, one per line, and ignores other text", () => {
    const body = "Let's try the new features.\n/run train lr=0.1\nthanks!\n/status\n";
    expect(parseComment(body).commands.map((c) => c.name)).toEqual(["run", "status"]);
  });

  it("ignores commands in code blocks and quoted replies", () => {
    const body = "```\n/run train\n```\n> /stop\n    ~~~\n/rerun\n~~~";
    expect(parseComment(body)).toEqual({ commands: [], problems: [] });
  });

  it.each([
    ["/run", "usage: /run <template> [@commit] [name=value …]"],
    ["/run lr=0.1", "usage: /run <template> [@commit] [name=value …]"],
    ["/run @1a2b3c4", "usage: /run <template> [@commit] [name=value …]"],
    ["/run train @main", '"@main" is not a commit: write @ and 7 to 40 hex digits of its sha'],
    ["/run train @1a2b3c", '"@1a2b3c" is not a commit: write @ and 7 to 40 hex digits of its sha'],
    ["/run train lr=1 @1a2b3c4", '"@1a2b3c4" is not a parameter: write name=value'],
    ["/run train lr", '"lr" is not a parameter: write name=value'],
    ["/run train lr=1 lr=2", "parameter lr is given twice"],
    ['/run train note="open', 'unclosed " quote'],
    ["/logs", "usage: /logs <step> [run]"],
    ["/stop a b", "usage: /stop [run]"],
    ["/status now", "/status takes no arguments"],
    ["/rnu train", "unknown command /rnu; did you mean /run? (/help lists the commands)"],
    ["/stauts", "unknown command /stauts; did you mean /status? (/help lists the commands)"],
  ])("answers %j with a clear problem", (body, message) => {
    expect(parseComment(body)).toEqual({ commands: [], problems: [{ text: body, message }] });
  });

  it("leaves slash words meant for other tools and paths alone", () => {
    expect(parseComment("/cc @ml-team\n/assign me\n/tmp/data is full\nsee /usr/bin")).toEqual({
      commands: [],
      problems: [],
    });
  });
});
