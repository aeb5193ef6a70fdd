import { describe, expect, it } from "vitest";
import { parseDepends } from "../../app/argo/lint/depends-expression.ts";

describe("parseDepends", () => {
  it("reads task names and results combined with &&, ||, ! and parentheses", () => {
    expect(parseDepends("A && (B.Succeeded || C.Failed) && !D.Errored")).toEqual({
      ok: true,
      references: [
        { task: "A" },
        { task: "B", result: "Succeeded" },
        { task: "C", result: "Failed" },
        { task: "D", result: "Errored" },
      ],
    });
  });

  it("reads task names with dashes and digits", () => {
    expect(parseDepends("should-execute-2.Succeeded||step_1")).toEqual({
      ok: true,
      references: [{ task: "should-execute-2", result: "Succeeded" }, { task: "step_1" }],
    });
  });

  it.each([
    ["A &&", "expected a task name but found the end"],
    ["A & B", 'unexpected "&" at character 3'],
    ["(A || B", 'expected ")" but found the end'],
    ["A B", 'unexpected "B" at character 3'],
    ["A || ) B", 'expected a task name but found ")" at character 6'],
    ["", "expected a task name but found the end"],
  ])("rejects %j: %s", (expression, message) => {
    expect(parseDepends(expression)).toEqual({ ok: false, message });
  });
});
