// One field change as a line: `path: before → after`, values shortened to stay readable.
import type { FieldChange } from "../definitions/field-diff.ts";

const maxValueLength = 80;

export function fieldChangeLine(change: FieldChange): string {
  if (!("before" in change)) return `${change.path}: added ${shortValue(change.after)}`;
  if (!("after" in change)) return `${change.path}: removed (was ${shortValue(change.before)})`;
  return `${change.path}: ${shortValue(change.before)} → ${shortValue(change.after)}`;
}

function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text;
}
