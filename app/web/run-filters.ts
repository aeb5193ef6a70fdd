// A pipeline page's query string: its filters (branch, pull request, phase, dates) and where in
// the list it is (a cursor), checked; a value that makes no sense is named, not ignored.
import type { RunsCursor, RunsQuery } from "../ledger/run-ledger.ts";

export interface Filters {
  branch?: "default" | "pull-requests";
  pr?: number;
  phase?: string;
  /** yyyy-mm-dd, as typed. */
  from?: string;
  to?: string;
}

export const phases = ["Succeeded", "Failed", "Error"] as const;
export const pageSize = 50;

export type ParsedFilters =
  | { ok: true; filters: Filters; cursor?: RunsCursor }
  | { ok: false; problem: string };

export function parseFilters(query: URLSearchParams): ParsedFilters {
  const filters: Filters = {};
  const branch = query.get("branch") ?? "";
  if (branch === "default" || branch === "pull-requests") filters.branch = branch;
  else if (branch !== "") return { ok: false, problem: "branch must be default or pull-requests" };
  const pr = query.get("pr") ?? "";
  if (pr !== "") {
    if (!/^\d{1,9}$/.test(pr) || Number(pr) < 1)
      return { ok: false, problem: "pull request must be a number like 42" };
    filters.pr = Number(pr);
  }
  const phase = query.get("phase") ?? "";
  if (phase !== "") {
    if (!(phases as readonly string[]).includes(phase))
      return { ok: false, problem: `phase must be one of ${phases.join(", ")}` };
    filters.phase = phase;
  }
  for (const key of ["from", "to"] as const) {
    const day = query.get(key) ?? "";
    if (day === "") continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
      return { ok: false, problem: `${key} must be a date like 2026-12-01` };
    filters[key] = day;
  }
  const cursor = cursorOf(query);
  if (cursor === null)
    return { ok: false, problem: "this page's position in the list is not valid" };
  return { ok: true, filters, ...(cursor ? { cursor } : {}) };
}

/** The ledger's query for a pipeline's runs under these filters. */
export function ledgerQuery(
  namespace: string,
  repo: string,
  template: string | undefined,
  filters: Filters,
  cursor: RunsCursor | undefined,
): RunsQuery {
  const day = (text: string | undefined, plus = 0) =>
    text === undefined ? undefined : Date.parse(`${text}T00:00:00Z`) + plus;
  const from = day(filters.from);
  const to = day(filters.to, 86_400_000);
  return {
    namespace,
    repo,
    limit: pageSize,
    ...(template !== undefined ? { template } : {}),
    ...(filters.branch ? { branch: filters.branch } : {}),
    ...(filters.pr !== undefined ? { pr: filters.pr } : {}),
    ...(filters.phase ? { phase: filters.phase } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** The page's own address with these filters and, for paging, a cursor. */
export function filteredHref(path: string, filters: Filters, cursor?: RunsCursor): string {
  const query = new URLSearchParams();
  if (filters.branch) query.set("branch", filters.branch);
  if (filters.pr !== undefined) query.set("pr", String(filters.pr));
  if (filters.phase) query.set("phase", filters.phase);
  if (filters.from) query.set("from", filters.from);
  if (filters.to) query.set("to", filters.to);
  if (cursor) query.set(cursor.direction, `${cursor.recordedAt}~${cursor.uid}`);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** undefined: no cursor; null: one that is not ours. */
function cursorOf(query: URLSearchParams): RunsCursor | undefined | null {
  for (const direction of ["older", "newer"] as const) {
    const value = query.get(direction);
    if (value === null) continue;
    const match = /^(\d{1,16})~(.{1,128})$/.exec(value);
    if (!match) return null;
    return { recordedAt: Number(match[1]), uid: match[2] as string, direction };
  }
  return undefined;
}
