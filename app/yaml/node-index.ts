// Builds a path index from the open/close events js-yaml's listener reports.
// A mapping's children arrive as key, value, key, value…; js-yaml also reports a few
// nodes it tried and dropped (an empty trailing entry, a merge key), so children are
// matched against the constructed value rather than trusted blindly.

export interface RawNode {
  open: number;
  result?: unknown;
  kind?: string;
  children: RawNode[];
}

export interface LocatedNode {
  start: number;
  /** Offset of the key when this node is a mapping value. */
  keyStart?: number;
  entries?: Map<string, LocatedNode>;
  items?: LocatedNode[];
}

export interface IndexedDocument {
  root: LocatedNode;
  /** Alias uses (`*name`) in the document. */
  aliasCount: number;
}

export function indexDocument(raw: RawNode, text: string): IndexedDocument {
  const aliasStarts = new Set<number>();
  const root = buildNode(raw, text, aliasStarts);
  return { root, aliasCount: aliasStarts.size };
}

function buildNode(raw: RawNode, text: string, aliasStarts: Set<number>): LocatedNode {
  const start = skipBlank(text, raw.open);
  const node: LocatedNode = { start };
  const value = raw.result;
  if (text[start] === "*") {
    // An alias: its content is located at the anchor; report uses of it at the alias.
    aliasStarts.add(start);
  } else if (Array.isArray(value)) {
    node.items = matchItems(raw.children, value, text, aliasStarts);
  } else if (value !== null && typeof value === "object" && raw.kind === "mapping") {
    node.entries = matchEntries(raw.children, value as Record<string, unknown>, text, aliasStarts);
  } else {
    for (const child of raw.children) buildNode(child, text, aliasStarts);
  }
  return node;
}

function matchItems(
  children: RawNode[],
  items: unknown[],
  text: string,
  aliasStarts: Set<number>,
): LocatedNode[] {
  const located: LocatedNode[] = [];
  for (const child of children) {
    const node = buildNode(child, text, aliasStarts);
    if (located.length < items.length && sameValue(items[located.length], child.result)) {
      located.push(node);
    }
  }
  return located;
}

function matchEntries(
  children: RawNode[],
  object: Record<string, unknown>,
  text: string,
  aliasStarts: Set<number>,
): Map<string, LocatedNode> {
  const entries = new Map<string, LocatedNode>();
  let i = 0;
  while (i < children.length) {
    const key = children[i];
    const value = children[i + 1];
    if (!key) break;
    if (value && isScalarKey(key.result) && sameValue(object[String(key.result)], value.result)) {
      const node = buildNode(value, text, aliasStarts);
      node.keyStart = skipBlank(text, key.open);
      entries.set(String(key.result), node); // a duplicated key: the later one wins, as in the value
      i += 2;
    } else {
      buildNode(key, text, aliasStarts);
      i += 1;
    }
  }
  return entries;
}

function isScalarKey(key: unknown): boolean {
  return typeof key === "string" || typeof key === "number" || typeof key === "boolean";
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Moves past spaces, line breaks, comments and document markers to where a node really starts. */
function skipBlank(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if ((text.startsWith("---", i) || text.startsWith("...", i)) && atLineStart(text, i))
      i += 3;
    else break;
  }
  return i;
}

function atLineStart(text: string, i: number): boolean {
  return i === 0 || text[i - 1] === "\n";
}
