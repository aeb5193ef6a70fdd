// Turns character offsets into 1-based line and column numbers.
import type { Position } from "./load-yaml.ts";

export interface LineMap {
  positionOf(offset: number): Position;
}

export function lineMapOf(text: string): LineMap {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return {
    positionOf(offset) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if ((starts[mid] ?? 0) <= offset) low = mid;
        else high = mid - 1;
      }
      return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
    },
  };
}
