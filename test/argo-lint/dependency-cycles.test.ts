import { describe, expect, it } from "vitest";
import { dependencyCycles } from "../../app/argo/lint/dependency-cycles.ts";

function cyclesOf(graph: Record<string, string[]>): string[][] {
  return dependencyCycles(Object.keys(graph), (node) => graph[node] ?? []);
}

describe("dependencyCycles", () => {
  it("finds none in a diamond", () => {
    expect(cyclesOf({ a: [], b: ["a"], c: ["a"], d: ["b", "c"] })).toEqual([]);
  });

  it("lists one cycle per group of mutually dependent nodes, from its first node", () => {
    expect(cyclesOf({ a: ["b"], b: ["a"], c: ["d", "c"], d: ["c"], e: ["a"] })).toEqual([
      ["a", "b", "a"],
      ["c", "c"],
    ]);
  });

  it("ignores dependencies on unknown nodes and repeated dependencies", () => {
    expect(cyclesOf({ a: ["ghost", "b", "b"], b: [] })).toEqual([]);
  });

  it("handles a long chain without deep recursion", () => {
    const graph: Record<string, string[]> = {};
    for (let index = 0; index < 20_000; index++)
      graph[`t${index}`] = index === 0 ? [] : [`t${index - 1}`];
    expect(cyclesOf(graph)).toEqual([]);
    graph.t0 = ["t19999"];
    expect(cyclesOf(graph)[0]?.length).toBe(20_001);
  });
});
