import type { Parameter } from "./argo-document.ts";
import { arrayOf, isRecord, stringOf } from "./yaml-value.ts";

/** The names of a list of parameters (inputs or arguments), skipping malformed entries. */
export function parameterNames(parameters: unknown): string[] {
  return arrayOf<Parameter>(parameters).flatMap((parameter) => {
    const name = isRecord(parameter) ? stringOf(parameter.name) : undefined;
    return name === undefined ? [] : [name];
  });
}
