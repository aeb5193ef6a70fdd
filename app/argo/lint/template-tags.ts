// Finds the simple `{{tag}}` references of Argo's template syntax in a string. Expression
// tags (`{{= …}}`) are left out: they hold expr-lang code, not plain references.

export interface SimpleTag {
  /** The tag as written, braces included, for messages. */
  text: string;
  /** The reference inside the braces, trimmed: `inputs.parameters.lr`. */
  reference: string;
}

// Like Argo's template engine (fasttemplate): a tag runs from `{{` to the next `}}`.
const tagPattern = /\{\{(.*?)\}\}/gs;

export function simpleTagsIn(text: string): SimpleTag[] {
  const tags: SimpleTag[] = [];
  for (const match of text.matchAll(tagPattern)) {
    const reference = (match[1] ?? "").trim();
    if (reference.startsWith("=")) continue;
    tags.push({ text: match[0], reference });
  }
  return tags;
}
