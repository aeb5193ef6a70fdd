// One page of a repository's runs for the run-history page: newest first, filtered, and paged
// by keyset (the (recorded_at, uid) of the page's edge, never OFFSET), so a page deep in
// 100,000 records is read through an index as cheaply as the first.
import type { RunRecord } from "./run-record.ts";
import { columns, fromRow } from "./run-rows.ts";
import type { SqlClient, SqlValue } from "./sql-client.ts";

/** Where the next page starts: just past this record, in this direction. Plain data for a URL. */
export interface RunsCursor {
  recordedAt: number;
  uid: string;
  direction: "older" | "newer";
}

export interface RunsQuery {
  namespace: string;
  repo: string;
  template?: string;
  pr?: number;
  /** "default": runs outside pull requests; "pull-requests": runs of any pull request. */
  branch?: "default" | "pull-requests";
  phase?: string;
  /** Bounds on recorded_at (epoch ms): `from` inclusive, `to` exclusive. */
  from?: number;
  to?: number;
  cursor?: RunsCursor;
  /** Records per page, clamped to 1..200. */
  limit: number;
}

export interface RunsPage {
  /** Newest first, whichever way the page was reached. */
  records: RunRecord[];
  /** Present only when older records match beyond this page. */
  older?: RunsCursor;
  /** Present only when newer records match beyond this page. */
  newer?: RunsCursor;
}

export const maxPageSize = 200;

type Edge = Pick<RunsCursor, "recordedAt" | "uid">;

export async function runsPage(sql: SqlClient, query: RunsQuery): Promise<RunsPage> {
  const limit = clampedLimit(query.limit, maxPageSize);
  const filter = filters(query);
  const { cursor } = query;
  // Paging "newer" reads upwards from the cursor (ascending), then turns the page round.
  const towardsNewer = cursor?.direction === "newer";
  const read = filter.and(cursor ? [keyset(towardsNewer ? ">" : "<", cursor)] : []);
  const order = towardsNewer ? "ASC" : "DESC";
  const rows = await sql.query(
    `SELECT ${columns} FROM runs WHERE ${read.where} ORDER BY recorded_at ${order}, uid ${order} LIMIT ${read.param(limit + 1)}`,
    read.params,
  );
  const records = rows.slice(0, limit).map(fromRow);
  if (towardsNewer) records.reverse();
  const more = rows.length > limit;
  // The far side of the page (where the cursor came from) is probed: a cursor from a URL may
  // point anywhere, and records may have been forgotten since.
  const exists = async (side: "<" | ">", edge: Edge) => {
    const probe = filter.and([keyset(side, edge)]);
    const found = await sql.query(
      `SELECT uid FROM runs WHERE ${probe.where} LIMIT 1`,
      probe.params,
    );
    return found.length > 0;
  };
  const page: RunsPage = { records };
  const newest = records[0] ?? cursor;
  const oldest = records.at(-1) ?? cursor;
  if (towardsNewer) {
    if (more && newest) page.newer = at(newest, "newer");
    if (oldest && (await exists("<", oldest))) page.older = at(oldest, "older");
  } else {
    if (more && oldest) page.older = at(oldest, "older");
    if (cursor && newest && (await exists(">", newest))) page.newer = at(newest, "newer");
  }
  return page;
}

/** A limit as asked, within 1..max; anything but a number is a bug of the caller. */
export function clampedLimit(limit: number, max: number): number {
  if (typeof limit !== "number" || !Number.isFinite(limit))
    throw new RangeError(`a limit must be a number of records, not ${String(limit)}`);
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

const at = (edge: Edge, direction: RunsCursor["direction"]): RunsCursor => ({
  recordedAt: edge.recordedAt,
  uid: edge.uid,
  direction,
});

/** Past `edge` on one side, in (recorded_at, uid) order: the index's own order. */
function keyset(side: "<" | ">", edge: Edge) {
  return (param: (value: SqlValue) => string) =>
    `(recorded_at, uid) ${side} (${param(edge.recordedAt)}, ${param(edge.uid)})`;
}

type Condition = (param: (value: SqlValue) => string) => string;

/** The query's filters as SQL conditions on $n parameters, to which a read adds its own. */
function filters(query: RunsQuery) {
  checked(query);
  const conditions: Condition[] = [
    (p) => `namespace = ${p(query.namespace)}`,
    (p) => `repo = ${p(query.repo)}`,
  ];
  const { template, pr, branch, phase, from, to } = query;
  if (template !== undefined) conditions.push((p) => `template = ${p(template)}`);
  if (pr !== undefined) conditions.push((p) => `pr = ${p(pr)}`);
  if (branch === "default") conditions.push(() => "pr IS NULL");
  if (branch === "pull-requests") conditions.push(() => "pr IS NOT NULL");
  if (phase !== undefined) conditions.push((p) => `phase = ${p(phase)}`);
  if (from !== undefined) conditions.push((p) => `recorded_at >= ${p(from)}`);
  if (to !== undefined) conditions.push((p) => `recorded_at < ${p(to)}`);
  return {
    and(more: Condition[]) {
      const params: SqlValue[] = [];
      const param = (value: SqlValue) => `$${params.push(value)}`;
      const where = [...conditions, ...more].map((condition) => condition(param)).join(" AND ");
      return { where, params, param };
    },
  };
}

/** The web layer parses its URL; a query that still breaks these is a bug, said plainly. */
function checked(query: RunsQuery): void {
  const { pr, branch, from, to, cursor } = query;
  if (pr !== undefined && !(Number.isSafeInteger(pr) && pr > 0))
    throw new RangeError(`pr must be a pull request's number (a positive integer), not ${pr}`);
  if (branch !== undefined && branch !== "default" && branch !== "pull-requests")
    throw new RangeError(`branch must be "default" or "pull-requests", not ${String(branch)}`);
  for (const [name, value] of [
    ["from", from],
    ["to", to],
    ["cursor.recordedAt", cursor?.recordedAt],
  ] as const)
    if (value !== undefined && !Number.isFinite(value))
      throw new RangeError(`${name} must be a time in epoch milliseconds, not ${String(value)}`);
  if (cursor && (typeof cursor.uid !== "string" || cursor.recordedAt === undefined))
    throw new RangeError("a cursor needs the recordedAt and uid of the record it starts from");
  if (cursor && cursor.direction !== "older" && cursor.direction !== "newer")
    throw new RangeError(
      `a cursor's direction must be "older" or "newer", not ${String(cursor.direction)}`,
    );
}
