import { describe, expect, it } from "vitest";
import { nodePhaseLookup } from "../../app/report/mermaid/node-phases.ts";
import { pipelineGraph } from "../../app/report/mermaid/pipeline-graph.ts";
import { renderMermaid } from "../../app/report/mermaid/render-mermaid.ts";
import { specOf } from "./spec-of.ts";

const spec = specOf(`
entrypoint: main
onExit: notify
templates:
  - name: main
    steps:
      - - {name: load, template: work}
      - - {name: train, template: work, withItems: [a, b]}
      - - {name: publish, template: work}
        - {name: skipped, template: work, when: "false"}
  - {name: work, container: {image: busybox}}
  - {name: notify, container: {image: curl}}
`);

// status.nodes of a run named wf-1, as Argo names them.
const statusNodes = [
  { name: "wf-1", phase: "Failed" },
  { name: "wf-1[0]", phase: "Succeeded" },
  { name: "wf-1[0].load", phase: "Succeeded" },
  { name: "wf-1[1]", phase: "Failed" },
  { name: "wf-1[1].train(0:a)", phase: "Succeeded" },
  { name: "wf-1[1].train(1:b)", phase: "Failed" },
  { name: "wf-1[2].skipped", phase: "Skipped" },
  { name: "wf-1.onExit", phase: "Running" },
];

describe("phase colouring", () => {
  it("defines a class per phase and applies it to the nodes of the run", () => {
    const text = renderMermaid(pipelineGraph(spec), {
      phaseOf: nodePhaseLookup("wf-1", statusNodes),
    });
    for (const phase of [
      "Succeeded",
      "Failed",
      "Error",
      "Running",
      "Pending",
      "Skipped",
      "Omitted",
    ]) {
      expect(text).toMatch(new RegExp(`^ {2}classDef phase${phase} fill:#`, "m"));
    }
    expect(text).toContain("  classDef phaseSucceeded fill:#dcffe4,stroke:#28a745");
    expect(text).toContain("  classDef phaseFailed fill:#f8d7da,stroke:#d73a49");
    expect(text).toContain("  classDef phaseRunning fill:#dbedff,stroke:#0366d6");
    expect(text).toContain("  class n_0_load phaseSucceeded");
    expect(text).toContain("  class n_1_train phaseFailed");
    expect(text).toContain("  class n_2_skipped phaseSkipped");
    expect(text).toContain("  class n_onExit phaseRunning");
    expect(text).not.toMatch(/class [^\n]*n_2_publish/);
  });

  it("adds no classes without phases", () => {
    expect(renderMermaid(pipelineGraph(spec))).not.toContain("class");
  });

  it("looks up a node by its Argo name and a fanned-out step by its worst child", () => {
    const phaseOf = nodePhaseLookup("wf-1", [
      ...statusNodes,
      { name: "wf-1[3].fan(0:x)", phase: "Succeeded" },
      { name: "wf-1[3].fan(1:y)", phase: "Running" },
      { name: "wf-1[3].fanned", phase: "Error" },
      { name: "wf-1[4].odd", phase: "NotAPhase" },
    ]);
    expect(phaseOf("")).toBe("Failed");
    expect(phaseOf("[0].load")).toBe("Succeeded");
    expect(phaseOf("[1].train")).toBe("Failed");
    expect(phaseOf("[3].fan")).toBe("Running");
    expect(phaseOf("[4].odd")).toBeUndefined();
    expect(phaseOf("[9].missing")).toBeUndefined();
  });
});
