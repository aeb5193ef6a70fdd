// withItems / withParam / withSequence fan-out (expandStep, expandTask, processItem): one copy of
// the step per item, named `name(i:item)`, with {{item}} and {{item.key}} substituted.
import { substituteDeep } from "./substitute.ts";
import type { StepOrTask } from "./types.ts";

export const shouldExpand = (step: StepOrTask) =>
  (step.withItems?.length ?? 0) > 0 || Boolean(step.withParam) || step.withSequence !== undefined;

/** Go's %v of an item: scalars as written, lists as `[a b]`. */
function goText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goText).join(" ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${k}:${goText(v)}`);
    return `map[${entries.sort().join(" ")}]`;
  }
  return String(value);
}

function itemsOf(step: StepOrTask): unknown[] {
  if (step.withItems && step.withItems.length > 0) return step.withItems;
  if (step.withParam) {
    const parsed: unknown = JSON.parse(step.withParam);
    if (!Array.isArray(parsed)) {
      throw new Error(`withParam value could not be parsed as a JSON list: ${step.withParam}`);
    }
    return parsed;
  }
  const sequence = step.withSequence ?? {};
  const start = Number(sequence.start ?? 0);
  const end =
    sequence.end !== undefined ? Number(sequence.end) : start + Number(sequence.count ?? 0) - 1;
  const step1 = end >= start ? 1 : -1;
  const out: string[] = [];
  for (let n = start; step1 > 0 ? n <= end : n >= end; n += step1) out.push(String(n));
  return out;
}

export function expandItems(step: StepOrTask): StepOrTask[] {
  const { withItems: _items, withParam: _param, withSequence: _sequence, ...base } = step;
  return itemsOf(step).map((item, index) => {
    const isMap = item !== null && typeof item === "object" && !Array.isArray(item);
    const label = isMap
      ? Object.entries(item as Record<string, unknown>)
          .map(([k, v]) => `${k}:${goText(v)}`)
          .sort()
          .join(",")
      : goText(item);
    const whole = typeof item === "object" && item !== null ? JSON.stringify(item) : String(item);
    const expanded = substituteDeep(base, (key) => {
      if (key === "item") return whole;
      if (isMap && key.startsWith("item.")) {
        const field = (item as Record<string, unknown>)[key.slice(5)];
        return field === undefined
          ? undefined
          : typeof field === "object"
            ? JSON.stringify(field)
            : String(field);
      }
      return undefined;
    });
    return { ...expanded, name: `${step.name}(${index}:${label})` };
  });
}
