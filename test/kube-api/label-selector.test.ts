import { describe, expect, it } from "vitest";
import { matchesLabels, parseLabelSelector } from "../support/kube-api/label-selector.ts";

const labels = { app: "train", tier: "gpu", "example.com/team": "ml" };

describe("label selectors", () => {
  it.each([
    ["app=train", true],
    ["app==train", true],
    ["app!=train", false],
    ["app!=serve", true],
    ["missing!=x", true],
    ["app in (serve,train)", true],
    ["app notin (train)", false],
    ["app notin (serve)", true],
    ["tier", true],
    ["!tier", false],
    ["!missing", true],
    ["app=train,tier=gpu", true],
    ["app=train,tier=cpu", false],
    ["example.com/team=ml", true],
    ["", true],
  ])("evaluates %j as %s", (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it.each([
    ["app===x", "unable to parse requirement: found '=', expected: identifier"],
    ["app in train", "unable to parse requirement: found 'train' expected: '('"],
    ["app in (a", "unable to parse requirement: found '', expected: ',' or ')'"],
    ["app=x,", "found '', expected: identifier after ','"],
    ["=x", "found '=', expected: !, identifier, or 'end of string'"],
    ["app=a b", "found 'b', expected: ',' or 'end of string'"],
    [
      "app=bad/value",
      "unable to parse requirement: invalid label value: \"bad/value\": at key: \"app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ])("refuses %j with the server's message", (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });

  it("treats in/notin as values after an operator", () => {
    expect(matchesLabels(parseLabelSelector("word=in"), { word: "in" })).toBe(true);
    expect(matchesLabels(parseLabelSelector("word in (in,notin)"), { word: "notin" })).toBe(true);
  });

  it("compares integers with gt and lt", () => {
    expect(matchesLabels(parseLabelSelector("attempt>2"), { attempt: "3" })).toBe(true);
    expect(matchesLabels(parseLabelSelector("attempt<2"), { attempt: "3" })).toBe(false);
  });
});
