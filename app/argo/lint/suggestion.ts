// "not found" messages that suggest the closest known name and list the known ones.
import { closest, distance } from "fastest-levenshtein";

const maxListed = 12;

export function closestName(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, candidates);
  // Close enough to be a typo: a few edits for a short name, more for a long one.
  const allowed = Math.max(1, Math.ceil(name.length * 0.4));
  return distance(name.toLowerCase(), best.toLowerCase()) <= allowed ? best : undefined;
}

export function didYouMean(name: string, candidates: readonly string[]): string {
  const best = closestName(name, candidates);
  return best === undefined ? "" : `; did you mean "${best}"?`;
}

export function listOf(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const shown = names.slice(0, maxListed).join(", ");
  return names.length > maxListed ? `${shown}, … ${names.length - maxListed} more` : shown;
}

export interface NotFoundWording {
  /** Where the name was looked for: `WorkflowTemplate "shared"`. */
  where?: string;
  /** How the list of known names is introduced; "defined" unless given. */
  listLabel?: string;
}

/** e.g. `template "trian" not found; did you mean "train"? (defined: load, train, publish)` */
export function notFound(
  what: string,
  name: string,
  candidates: readonly string[],
  wording: NotFoundWording = {},
): string {
  const where = wording.where === undefined ? "" : ` in ${wording.where}`;
  const list = `(${wording.listLabel ?? "defined"}: ${listOf(candidates)})`;
  return `${what} "${name}" not found${where}${didYouMean(name, candidates)} ${list}`;
}
