// Parses (multi-document) YAML the way Kubernetes tooling accepts it, keeping where
// every value came from so a problem can be reported at its file line.
//
// js-yaml 4 rather than 5: js-yaml 5 rejects YAML that go-yaml (kubectl, argo) accepts and
// that Argo's own examples use (continuation lines of a multi-line quoted scalar indented
// like their key; duplicated keys, where the later one wins). Positions come from js-yaml 4's
// `listener` hook; alias bombs are stopped by counting aliases and measuring the expanded size.
import * as jsYaml from "js-yaml";
import { type LineMap, lineMapOf } from "./line-map.ts";
import { indexDocument, type LocatedNode, type RawNode } from "./node-index.ts";

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlDocument {
  value: unknown;
  /** Index of the document in its file (0-based). */
  index: number;
  /** Where the node at `path` starts: a mapping entry's key, a sequence item, a scalar. */
  locate(path: YamlPath): Position;
}

export interface YamlLimits {
  /** Alias uses (`*name`) allowed in one document. */
  maxAliases: number;
  /** Nodes a document may expand to once aliases are followed. */
  maxExpandedNodes: number;
}

export const defaultYamlLimits: YamlLimits = { maxAliases: 50, maxExpandedNodes: 200_000 };

export type YamlLoadResult =
  | { ok: true; documents: YamlDocument[] }
  | { ok: false; position: Position; message: string };

// YAML 1.2 core scalars (no timestamps, `yes` stays a string) plus merge keys (`<<`),
// which Kubernetes' YAML reader also honours.
// (`types` is exported at run time but missing from @types/js-yaml.)
const { merge } = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types;
const schema = jsYaml.CORE_SCHEMA.extend({ implicit: [merge] });

export function loadYaml(text: string, limits: YamlLimits = defaultYamlLimits): YamlLoadResult {
  const lines = lineMapOf(text);
  const roots: RawNode[] = [];
  const stack: RawNode[] = [];
  const values: unknown[] = [];
  try {
    jsYaml.loadAll(text, (doc) => values.push(doc), {
      schema,
      json: true,
      listener(event, state) {
        if (event === "open") {
          const node: RawNode = { open: state.position, children: [] };
          stack.at(-1)?.children.push(node);
          stack.push(node);
          return;
        }
        const node = stack.pop();
        if (!node) return;
        node.result = state.result;
        node.kind = state.kind;
        if (stack.length === 0) roots.push(node);
      },
    });
  } catch (error) {
    if (error instanceof jsYaml.YAMLException) {
      const mark = (error as jsYaml.YAMLException & { mark?: { line: number; column: number } })
        .mark;
      return {
        ok: false,
        position: { line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 },
        message: `YAML syntax error: ${error.reason}`,
      };
    }
    throw error;
  }
  return indexDocuments(text, lines, values, roots, limits);
}

function indexDocuments(
  text: string,
  lines: LineMap,
  values: unknown[],
  roots: RawNode[],
  limits: YamlLimits,
): YamlLoadResult {
  const documents: YamlDocument[] = [];
  let rootCursor = 0;
  for (const [index, value] of values.entries()) {
    while (rootCursor < roots.length && roots[rootCursor]?.result !== value) rootCursor++;
    const raw = roots[rootCursor];
    rootCursor++;
    const indexed = raw ? indexDocument(raw, text) : undefined;
    const root = indexed?.root;
    const start = root ? lines.positionOf(root.start) : { line: 1, column: 1 };
    if (indexed && indexed.aliasCount > limits.maxAliases) {
      return {
        ok: false,
        position: start,
        message: `document ${index + 1} uses ${indexed.aliasCount} YAML aliases; at most ${limits.maxAliases} are allowed`,
      };
    }
    const expanded = expandedSize(value, limits.maxExpandedNodes);
    if (expanded > limits.maxExpandedNodes) {
      return {
        ok: false,
        position: start,
        message: `document ${index + 1} expands to more than ${limits.maxExpandedNodes} nodes through YAML aliases (an alias bomb?)`,
      };
    }
    documents.push({
      value,
      index,
      locate: (path) => lines.positionOf(root ? offsetOf(root, path) : 0),
    });
  }
  return { ok: true, documents };
}

function offsetOf(root: LocatedNode, path: YamlPath): number {
  let node = root;
  for (const step of path) {
    const next = typeof step === "number" ? node.items?.[step] : node.entries?.get(String(step));
    if (!next) break;
    node = next;
  }
  return node.keyStart ?? node.start;
}

/** Counts nodes as if every alias were copied out, stopping early once past `limit`. */
function expandedSize(value: unknown, limit: number): number {
  const sizes = new WeakMap<object, number>();
  const size = (node: unknown): number => {
    if (node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, limit + 1); // a cycle counts as unbounded
    let total = 1;
    for (const child of Object.values(node)) {
      total += size(child);
      if (total > limit) break;
    }
    sizes.set(node, total);
    return total;
  };
  return size(value);
}
