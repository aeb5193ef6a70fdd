import { describe, expect, it } from "vitest";
import { pipelineGraph } from "../../app/report/mermaid/pipeline-graph.ts";
import type { PipelineItem } from "../../app/report/mermaid/pipeline-graph-types.ts";
import { renderMermaid } from "../../app/report/mermaid/render-mermaid.ts";
import { specOf } from "./spec-of.ts";

function mermaidOf(yaml: string): string {
  return renderMermaid(pipelineGraph(specOf(yaml)));
}

function nodePaths(items: readonly PipelineItem[]): string[] {
  return items.flatMap((item) => [
    item.nodePath,
    ...(item.kind === "subgraph" ? nodePaths(item.children) : []),
  ]);
}

const stepsPipeline = `
entrypoint: main
templates:
  - name: main
    steps:
      - - {name: load, template: work}
      - - {name: train-a, template: work}
        - {name: train-b, template: work}
      - - {name: publish, template: work}
  - {name: work, container: {image: busybox}}
`;

describe("pipelineGraph and renderMermaid", () => {
  it("draws step groups in sequence with edges from every step of a group to every step of the next", () => {
    const text = mermaidOf(stepsPipeline);
    expect(text.split("\n")).toEqual([
      "flowchart TD",
      '  n_0_load["load (work)"]',
      '  n_1_train_a["train-a (work)"]',
      '  n_1_train_b["train-b (work)"]',
      '  n_2_publish["publish (work)"]',
      "  n_0_load --> n_1_train_a & n_1_train_b",
      "  n_1_train_a & n_1_train_b --> n_2_publish",
    ]);
  });

  it("names nodes like Argo names a run's nodes, without the workflow name", () => {
    const graph = pipelineGraph(specOf(stepsPipeline));
    expect(nodePaths(graph.items)).toEqual([
      "[0].load",
      "[1].train-a",
      "[1].train-b",
      "[2].publish",
    ]);
  });

  it("draws a DAG with edges from dependencies and from the tasks named in depends", () => {
    const text = mermaidOf(`
entrypoint: main
templates:
  - name: main
    dag:
      tasks:
        - {name: load, template: work}
        - {name: clean, template: work, dependencies: [load]}
        - {name: train, template: work, depends: "load && (clean.Succeeded || clean.Failed)"}
        - {name: report, template: work, depends: "train.Failed"}
  - {name: work, container: {image: busybox}}
`);
    expect(text).toContain("  n_load --> n_clean\n");
    expect(text).toContain("  n_load --> n_train\n");
    expect(text).toContain("  n_clean -->|Succeeded or Failed| n_train\n");
    expect(text).toContain("  n_train -->|Failed| n_report");
  });

  it("draws nested steps and DAG templates as subgraphs with Argo's nested node paths", () => {
    const spec = specOf(`
entrypoint: main
templates:
  - name: main
    steps:
      - - {name: prepare, template: prepare}
      - - {name: fit, template: fit}
  - name: prepare
    dag:
      tasks:
        - {name: download, template: work}
        - {name: split, template: work, depends: download}
  - name: fit
    steps:
      - - {name: train, template: work}
  - {name: work, container: {image: busybox}}
`);
    const text = renderMermaid(pipelineGraph(spec));
    expect(text).toContain(
      [
        '  subgraph n_0_prepare["prepare"]',
        '    n_0_prepare_download["download (work)"]',
        '    n_0_prepare_split["split (work)"]',
        "  end",
        '  subgraph n_1_fit["fit"]',
        '    n_1_fit_0_train["train (work)"]',
        "  end",
      ].join("\n"),
    );
    expect(text).toContain("  n_0_prepare_download --> n_0_prepare_split");
    expect(text).toContain("  n_0_prepare --> n_1_fit");
    expect(nodePaths(pipelineGraph(spec).items)).toEqual([
      "[0].prepare",
      "[0].prepare.download",
      "[0].prepare.split",
      "[1].fit",
      "[1].fit[0].train",
    ]);
  });

  it("marks fan-out with the number of items, or with items when they come from a parameter", () => {
    const text = mermaidOf(`
entrypoint: main
templates:
  - name: main
    steps:
      - - {name: list, template: work, withItems: [a, b, c]}
        - {name: each, template: work, withParam: "{{workflow.parameters.list}}"}
        - {name: count, template: work, withSequence: {count: "5"}}
        - {name: range, template: work, withSequence: {start: "19", end: "21"}}
  - {name: work, container: {image: busybox}}
`);
    expect(text).toContain('n_0_list["list (work) ×3"]');
    expect(text).toContain('n_0_each["each (work) × items"]');
    expect(text).toContain('n_0_count["count (work) ×5"]');
    expect(text).toContain('n_0_range["range (work) ×3"]');
  });

  it("marks conditional steps with ? and dotted edges into them", () => {
    const text = mermaidOf(`
entrypoint: main
templates:
  - name: main
    steps:
      - - {name: flip, template: work}
      - - {name: heads, template: work, when: "{{steps.flip.outputs.result}} == heads"}
        - {name: always, template: work}
  - {name: work, container: {image: busybox}}
`);
    expect(text).toContain('n_1_heads["heads (work) ?"]');
    expect(text).toContain("  n_0_flip --> n_1_always\n");
    expect(text).toContain("  n_0_flip -.-> n_1_heads");
  });

  it("draws spec.onExit as a separate node with a dotted edge labelled onExit from the end", () => {
    const spec = specOf(`${stepsPipeline}
onExit: notify
`);
    spec.templates?.push({ name: "notify", container: { image: "curl" } });
    const text = renderMermaid(pipelineGraph(spec));
    expect(text).toContain('  n_onExit(["onExit (notify)"])');
    expect(text).toContain("  n_2_publish -.->|onExit| n_onExit");
    expect(nodePaths(pipelineGraph(spec).items)).toContain(".onExit");
  });

  it("stops at a template that calls itself", () => {
    const text = mermaidOf(`
entrypoint: flip
templates:
  - name: flip
    steps:
      - - {name: toss, template: work}
      - - {name: again, template: flip, when: "{{steps.toss.outputs.result}} == tails"}
  - {name: work, container: {image: busybox}}
`);
    expect(text).toContain('n_1_again["again (flip) ? ↻"]');
    expect(text).not.toContain("subgraph");
  });

  it("stops at mutual recursion and at the depth limit", () => {
    const spec = specOf(`
entrypoint: a
templates:
  - {name: a, steps: [[{name: to-b, template: b}]]}
  - {name: b, steps: [[{name: to-a, template: a}]]}
`);
    expect(renderMermaid(pipelineGraph(spec))).toContain('n_0_to_b_0_to_a["to-a (a) ↻"]');
    const deep = specOf(`
entrypoint: l0
templates:
  - {name: l0, steps: [[{name: s, template: l1}]]}
  - {name: l1, steps: [[{name: s, template: l2}]]}
  - {name: l2, steps: [[{name: s, template: l3}]]}
  - {name: l3, steps: [[{name: s, template: l4}]]}
  - {name: l4, steps: [[{name: s, template: leaf}]]}
  - {name: leaf, container: {image: busybox}}
`);
    const text = renderMermaid(pipelineGraph(deep, { maxDepth: 2 }));
    expect(text.match(/subgraph/g)).toHaveLength(2);
    expect(text).toContain('n_0_s_0_s_0_s["s (l3) …"]');
  });

  it("escapes quotes, brackets and other Mermaid syntax in labels", () => {
    const text = mermaidOf(`
entrypoint: main
templates:
  - name: main
    steps:
      - - {name: 'say "hi" [now] {x} <b> #1 | a&b', template: work}
  - {name: work, container: {image: busybox}}
`);
    expect(text).toContain(
      '["say #quot;hi#quot; #91;now#93; #123;x#125; #lt;b#gt; #35;1 #124; a#amp;b (work)"]',
    );
    expect(text).toMatch(/^ {2}n_0_say_hi_now_x_b_1_a_b\[/m);
  });

  it("gives every node a distinct id even when names differ only in punctuation", () => {
    const text = mermaidOf(`
entrypoint: main
templates:
  - name: main
    dag:
      tasks:
        - {name: a-b, template: work}
        - {name: a_b, template: work}
  - {name: work, container: {image: busybox}}
`);
    expect(text).toContain('n_a_b["a-b (work)"]');
    expect(text).toContain('n_a_b_2["a_b (work)"]');
  });

  it("limits the size and says how much was left out", () => {
    const steps = Array.from(
      { length: 150 },
      (_, index) => `        - {name: s${index}, template: work}`,
    );
    const text = mermaidOf(`
entrypoint: main
templates:
  - name: main
    steps:
      - - {name: first, template: work}
      -
${steps.join("\n")}
  - {name: work, container: {image: busybox}}
`);
    const boxes = text.split("\n").filter((line) => /^ {2}n\w*[[>({]/.test(line));
    expect(boxes).toHaveLength(101);
    expect(text).toContain('  nmore>"…51 more steps not drawn"]');
    expect(text.length).toBeLessThan(10_000);
  });

  it("draws a leaf entrypoint as one node and a Workflow run from a template as that template", () => {
    expect(
      mermaidOf("entrypoint: hello\ntemplates: [{name: hello, container: {image: busybox}}]"),
    ).toBe('flowchart TD\n  n_root["hello"]');
    expect(mermaidOf("workflowTemplateRef: {name: train-pipeline}")).toBe(
      'flowchart TD\n  n_root[["WorkflowTemplate train-pipeline"]]',
    );
  });

  it("draws calls into other WorkflowTemplates and suspend steps with their own shapes", () => {
    const text = mermaidOf(`
entrypoint: main
templates:
  - name: main
    steps:
      - - {name: approve, template: wait}
      - - {name: deploy, templateRef: {name: shared, template: deploy}}
  - {name: wait, suspend: {}}
`);
    expect(text).toContain('  n_0_approve{{"approve (wait)"}}');
    expect(text).toContain('  n_1_deploy[["deploy (shared/deploy)"]]');
  });
});

describe("pipelineGraph on shapes the schema would reject", () => {
  it.each([
    null,
    "spec",
    { entrypoint: 3, templates: "x" },
    {
      entrypoint: "main",
      templates: [null, { name: "main", steps: [null, [null, 3, { name: 4 }], "x"] }],
    },
    {
      entrypoint: "main",
      templates: [
        { name: "main", dag: { tasks: [{ name: "a", depends: "((", dependencies: 5 }] } },
      ],
    },
    { entrypoint: "main", onExit: 3, templates: [{ name: "main", dag: { tasks: "x" } }] },
  ])("does not throw for %j", (spec) => {
    expect(() =>
      renderMermaid(pipelineGraph(spec as never), { phaseOf: () => "Running" }),
    ).not.toThrow();
  });
});
