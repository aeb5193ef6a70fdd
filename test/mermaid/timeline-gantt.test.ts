import { describe, expect, it } from "vitest";
import { timelineGantt } from "../../app/report/mermaid/timeline-gantt.ts";
import type { StepTiming } from "../../app/runs/step-timeline.ts";
import { hostileStrings } from "../report/hostile-strings.ts";
import { ganttProblems, ganttSections } from "./gantt-check.ts";

const t0 = Date.parse("2026-11-23T10:00:00Z");
const s = (seconds: number) => t0 + seconds * 1000;

const steps: StepTiming[] = [
  { step: "load", phase: "Succeeded", startedAt: s(0), runningAt: s(20), finishedAt: s(60) },
  { step: "train", phase: "Failed", startedAt: s(60), runningAt: s(105), finishedAt: s(252) },
  { step: "notify", phase: "Succeeded", startedAt: s(252), finishedAt: s(260) },
];

describe("the timeline as a Mermaid gantt chart", () => {
  it("draws a section per step: waiting then running, red when it failed, one unsplit bar without a container start", () => {
    const { text, drawn } = timelineGantt(steps, s(260));
    expect(text.split("\n")).toEqual([
      "gantt",
      "  dateFormat x",
      "  axisFormat %H:%M:%S",
      "  todayMarker off",
      "  section load",
      `    waiting :done, ${s(0)}, ${s(20)}`,
      `    running :${s(20)}, ${s(60)}`,
      "  section train",
      `    waiting :done, ${s(60)}, ${s(105)}`,
      `    running :crit, ${s(105)}, ${s(252)}`,
      "  section notify",
      `    unsplit :active, ${s(252)}, ${s(260)}`,
    ]);
    expect(drawn).toBe(3);
    expect(ganttProblems(text)).toEqual([]);
  });

  it("ends a step whose end was not recorded with the run", () => {
    const { text } = timelineGantt(
      [{ step: "train", phase: "Failed", startedAt: s(0), runningAt: s(5) }],
      s(90),
    );
    expect(text).toContain(`    running :crit, ${s(5)}, ${s(90)}`);
  });

  const mermaidHostile: Record<string, string> = {
    ...hostileStrings,
    "a colon, a semicolon and a comment": "train: fast; # slow",
    "a directive": "%%{init: {'theme': 'dark'}}%%",
    "a comment": "%% hidden",
    "a keyword": "click train call alert()",
    "a style": "style x fill:#f00;",
    "a task line": "load\n    running :1, 2",
    "entity codes": "#quot; #35; #lt;",
  };

  it.each(Object.entries(mermaidHostile))(
    "keeps a step named with %s a section name, shown as written",
    (_what, name) => {
      const { text } = timelineGantt([{ ...steps[0], step: name } as StepTiming], undefined);
      expect(ganttProblems(text)).toEqual([]);
      expect(ganttSections(text)).toEqual([name.replace(/\s+/g, " ").trim().slice(0, 80)]);
    },
  );

  it("names a step without a name", () => {
    const { text } = timelineGantt([{ ...steps[0], step: " " } as StepTiming], undefined);
    expect(ganttSections(text)).toEqual(["(unnamed)"]);
    expect(ganttProblems(text)).toEqual([]);
  });

  it("stays under its size with a hundred long hostile names, and says how many it drew", () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      ...steps[0],
      step: `${'"<>'.repeat(30)}${i}`,
    })) as StepTiming[];
    const { text, drawn } = timelineGantt(many, undefined);
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(100);
    expect(ganttSections(text)).toHaveLength(drawn);
    expect(ganttProblems(text)).toEqual([]);
  });
});
