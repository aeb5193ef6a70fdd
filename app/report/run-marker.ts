// The hidden marker that identifies coxswain's comment for a run, so it is found and updated
// in place rather than posted again.
export function runMarker(runName: string): string {
  return `<!-- coxswain:run:${runName} -->`;
}

export const runCheckPrefix = "coxswain/run: ";

export function runCheckName(template: string): string {
  return `${runCheckPrefix}${template}`;
}
