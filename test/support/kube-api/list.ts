// LIST with selectors and paging. Continue tokens are the real server's: base64url of
// {"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}, and a continued page reads the snapshot at N.
import { type FieldSelector, matchesFields } from "./field-selector.ts";
import { goJsonErrorForBytes, type JsonObject, objectAt } from "./json.ts";
import { type LabelSelector, matchesLabels } from "./label-selector.ts";
import { apiVersionOf, type ResourceType } from "./resources.ts";
import { badRequest, expired } from "./status.ts";
import type { ObjectStore } from "./store.ts";

export interface ListQuery {
  namespace: string | undefined;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit: number;
  continueToken: string | undefined;
  resourceVersion: string | undefined;
  resourceVersionMatch: string | undefined;
}

export interface ListResult {
  items: JsonObject[];
  resourceVersion: number;
  continueToken: string | undefined;
  remainingItemCount: number | undefined;
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start })).toString("base64url");
}

function decodeContinue(token: string): { rv: number; start: string } {
  const fail = (why: string) =>
    badRequest(`invalid continue token: continue key is not valid: ${why}`);
  if (!/^[A-Za-z0-9_-]*$/.test(token)) {
    const at = token.search(/[^A-Za-z0-9_-]/);
    throw fail(`illegal base64 data at input byte ${at}`);
  }
  const bytes = Buffer.from(token, "base64url");
  const syntax = goJsonErrorForBytes(bytes);
  if (syntax) throw fail(syntax);
  let parsed: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(bytes.toString("utf8")) as typeof parsed;
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (parsed.v !== "meta.k8s.io/v1") {
    throw fail(`server does not recognize this encoded version "${String(parsed.v ?? "")}"`);
  }
  const rv = typeof parsed.rv === "number" ? parsed.rv : 0;
  if (rv === 0) throw fail("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  const start = typeof parsed.start === "string" ? parsed.start : "";
  if (!start) throw fail("encoded start key empty (version meta.k8s.io/v1)");
  if (start.split("/").some((part) => part === ".." || part === ".")) throw fail(start);
  return { rv, start };
}

const TOO_OLD_CONTINUE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

export function matchesQuery(
  rt: ResourceType,
  object: JsonObject,
  query: Pick<ListQuery, "labelSelector" | "fieldSelector">,
) {
  const labels = objectAt(objectAt(object, "metadata"), "labels") ?? {};
  return (
    matchesLabels(query.labelSelector, labels) && matchesFields(query.fieldSelector, rt, object)
  );
}

function readState(store: ObjectStore, rt: ResourceType, query: ListQuery) {
  let rv = store.resourceVersion;
  let start = "";
  let entries: [string, JsonObject][] | undefined;
  if (query.continueToken) {
    const token = decodeContinue(query.continueToken);
    start = token.start;
    if (token.rv > 0) {
      entries = store.snapshot(rt, token.rv);
      if (!entries) throw expired(TOO_OLD_CONTINUE, encodeContinue(-1, token.start));
      rv = token.rv;
    }
  } else if (query.resourceVersionMatch === "Exact" && query.resourceVersion) {
    const exact = Number(query.resourceVersion);
    entries = store.snapshot(rt, exact);
    if (!entries) throw expired("The resourceVersion for the provided list is too old.");
    rv = exact;
  }
  return { rv, start, entries: entries ?? store.entries(rt) };
}

/** Lists like the etcd3 store: keys in order from the start key, filling a page of `limit` matches. */
export function listObjects(store: ObjectStore, rt: ResourceType, query: ListQuery): ListResult {
  const state = readState(store, rt, query);
  const prefix = rt.namespaced && query.namespace ? `${query.namespace}/` : "";
  const keys = state.entries.filter(
    ([key]) => key.startsWith(prefix) && key.slice(prefix.length) >= state.start,
  );
  const items: JsonObject[] = [];
  let lastKey = "";
  let hasMore = false;
  let scanned = 0;
  for (const [key, object] of keys) {
    if (query.limit > 0 && items.length >= query.limit) {
      hasMore = true;
      break;
    }
    lastKey = key;
    scanned++;
    if (matchesQuery(rt, object, query)) items.push(structuredClone(object));
  }
  const unfiltered = query.labelSelector.length === 0 && query.fieldSelector.length === 0;
  return {
    items,
    resourceVersion: state.rv,
    continueToken: hasMore
      ? encodeContinue(state.rv, `${lastKey.slice(prefix.length)}\u0000`)
      : undefined,
    remainingItemCount: hasMore && unfiltered ? keys.length - scanned : undefined,
  };
}

export function listBody(rt: ResourceType, result: ListResult): JsonObject {
  const metadata: JsonObject = { resourceVersion: String(result.resourceVersion) };
  if (result.continueToken) metadata.continue = result.continueToken;
  // A custom resource's list always carries `continue` (empty on the last page); built-in lists omit it.
  else if (rt.custom) metadata.continue = "";
  if (result.remainingItemCount !== undefined)
    metadata.remainingItemCount = result.remainingItemCount;
  // Items of built-in lists carry no apiVersion/kind on the wire; custom resources keep theirs.
  const items = rt.custom
    ? result.items
    : result.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest as JsonObject);
  return { apiVersion: apiVersionOf(rt), kind: `${rt.kind}List`, metadata, items };
}
