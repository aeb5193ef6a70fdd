import { describe, expect, it } from "vitest";
import { loadYaml, type YamlDocument } from "../../app/yaml/load-yaml.ts";

function documentsOf(text: string): YamlDocument[] {
  const result = loadYaml(text);
  if (!result.ok) throw new Error(`unexpected failure: ${result.message}`);
  return result.documents;
}

const template = `# a comment
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: load
            template: load
    - name: load
      container: {image: "python:3.12", command: [python, -c]}
      inputs:
        parameters:
          - name: lr
`;

describe("loadYaml", () => {
  it("locates mapping keys, sequence items and flow entries by path", () => {
    const [doc] = documentsOf(template);
    expect(doc?.locate(["kind"])).toEqual({ line: 3, column: 1 });
    expect(doc?.locate(["spec", "entrypoint"])).toEqual({ line: 7, column: 3 });
    expect(doc?.locate(["spec", "templates", 1])).toEqual({ line: 13, column: 7 });
    expect(doc?.locate(["spec", "templates", 0, "steps", 0, 0, "template"])).toEqual({
      line: 12,
      column: 13,
    });
    expect(doc?.locate(["spec", "templates", 1, "container", "command", 1])).toEqual({
      line: 14,
      column: 59,
    });
    expect(doc?.locate(["spec", "templates", 1, "inputs", "parameters", 0, "name"])).toEqual({
      line: 17,
      column: 13,
    });
  });

  it("falls back to the nearest existing ancestor for a path that is not in the file", () => {
    const [doc] = documentsOf(template);
    expect(doc?.locate(["spec", "templates", 1, "nodeSelector", "gpu"])).toEqual({
      line: 13,
      column: 7,
    });
  });

  it("keeps separate positions for each document of a multi-document file", () => {
    const docs = documentsOf("a: 1\n---\n# second\nb:\n  c: 2\n---\nd: 3\n");
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: { c: 2 } }, { d: 3 }]);
    expect(docs[1]?.locate(["b", "c"])).toEqual({ line: 5, column: 3 });
    expect(docs[2]?.locate(["d"])).toEqual({ line: 7, column: 1 });
  });

  it("reports a syntax error with its line and column and no documents", () => {
    const result = loadYaml("a: 1\nb: [1, 2\nc: 3\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.position.line).toBe(3);
    expect(result.message).toMatch(/^YAML syntax error: /);
  });

  it("accepts what go-yaml accepts: a quoted scalar continued at its key's indentation", () => {
    const [doc] = documentsOf('spec:\n  args: ["\n    echo hi\n  "]\n  next: 1\n');
    expect(doc?.value).toEqual({ spec: { args: [" echo hi "], next: 1 } });
    expect(doc?.locate(["spec", "next"])).toEqual({ line: 5, column: 3 });
  });

  it("lets the later of two duplicated keys win, as Kubernetes does", () => {
    const [doc] = documentsOf("meta:\n  a: 1\nmeta:\n  b: 2\n");
    expect(doc?.value).toEqual({ meta: { b: 2 } });
    expect(doc?.locate(["meta", "b"])).toEqual({ line: 4, column: 3 });
  });

  it("reads YAML 1.2 core scalars: dates and yes/on stay strings, merge keys merge", () => {
    const [doc] = documentsOf("base: &b {x: 1}\nd: 2024-01-01\non: yes\nm:\n  <<: *b\n  y: 2\n");
    expect(doc?.value).toEqual({ base: { x: 1 }, d: "2024-01-01", on: "yes", m: { x: 1, y: 2 } });
    expect(doc?.locate(["m", "y"])).toEqual({ line: 6, column: 3 });
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const result = loadYaml(`${levels.join("\n")}\n`, {
      maxAliases: 1000,
      maxExpandedNodes: 100_000,
    });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/alias bomb/) });
  });

  it("refuses a document with more aliases than allowed", () => {
    const uses = Array.from({ length: 6 }, (_, i) => `u${i}: *a`).join("\n");
    const result = loadYaml(`a: &a 1\n${uses}\n`, { maxAliases: 5, maxExpandedNodes: 1000 });
    expect(result).toMatchObject({
      ok: false,
      message: "document 1 uses 6 YAML aliases; at most 5 are allowed",
    });
  });

  it("reports an alias item at the alias and counts it once", () => {
    const result = loadYaml("a: &x {k: v}\nlist:\n  - *x\n  - z\n", {
      maxAliases: 1,
      maxExpandedNodes: 100,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.documents[0]?.locate(["list", 1])).toEqual({ line: 4, column: 5 });
    expect(result.documents[0]?.locate(["list", 0, "k"])).toEqual({ line: 3, column: 5 });
  });
});
