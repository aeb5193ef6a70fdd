import { describe, expect, it } from "vitest";
import { lintArgoDocument } from "../../app/argo/lint/lint-argo-document.ts";
import { lintContextOf } from "../../app/argo/lint/lint-context.ts";
import { argoExampleDocuments } from "./argo-examples.ts";

const examples = argoExampleDocuments();
const context = lintContextOf(examples.map((example) => example.document));

describe("lintArgoDocument on Argo's own examples", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(150);
  });

  it.each(examples.map((example) => [example.name, example.document] as const))(
    "reports no error on %s",
    (_name, document) => {
      const errors = lintArgoDocument(document, context).filter(
        (problem) => problem.severity === "error",
      );
      expect(errors).toEqual([]);
    },
  );
});
