// Parses a DAG task's `depends` expression, e.g. `A && (B.Succeeded || C.Failed) && !D.Errored`:
// task names, optionally with a result, combined with `&&`, `||`, `!` and parentheses.

export const taskResults = [
  "Succeeded",
  "Failed",
  "Errored",
  "Skipped",
  "Omitted",
  "Daemoned",
  "AnySucceeded",
  "AllFailed",
] as const;

export interface DependsReference {
  task: string;
  /** The result after the dot (`Succeeded` in `A.Succeeded`), as written. */
  result?: string;
}

export type DependsParse =
  | { ok: true; references: DependsReference[] }
  | { ok: false; message: string };

interface Token {
  kind: "and" | "or" | "not" | "open" | "close" | "reference";
  text: string;
  at: number;
  reference?: DependsReference;
}

const operators: Record<string, Token["kind"]> = {
  "&&": "and",
  "||": "or",
  "!": "not",
  "(": "open",
  ")": "close",
};
const referencePattern = /^([A-Za-z0-9_][A-Za-z0-9_-]*)(?:\.([A-Za-z]+))?/;

export function parseDepends(expression: string): DependsParse {
  const tokens = tokenize(expression);
  if (typeof tokens === "string") return { ok: false, message: tokens };
  const references: DependsReference[] = [];
  let next = 0;
  const describe = (token: Token | undefined): string =>
    token === undefined ? "the end" : `"${token.text}" at character ${token.at + 1}`;

  // Recursive descent over: or := and ('||' and)*; and := unary ('&&' unary)*;
  // unary := '!' unary | '(' or ')' | reference. Each returns an error message or undefined.
  const parseOr = (): string | undefined => parseList("or", parseAnd);
  const parseAnd = (): string | undefined => parseList("and", parseUnary);
  const parseList = (operator: "or" | "and", operand: () => string | undefined) => {
    let error = operand();
    while (error === undefined && tokens[next]?.kind === operator) {
      next++;
      error = operand();
    }
    return error;
  };
  const parseUnary = (): string | undefined => {
    const token = tokens[next];
    if (token?.kind === "not") {
      next++;
      return parseUnary();
    }
    if (token?.kind === "open") {
      next++;
      const error = parseOr();
      if (error !== undefined) return error;
      if (tokens[next]?.kind !== "close") return `expected ")" but found ${describe(tokens[next])}`;
      next++;
      return undefined;
    }
    if (token?.reference !== undefined) {
      next++;
      references.push(token.reference);
      return undefined;
    }
    return `expected a task name but found ${describe(token)}`;
  };

  const error =
    parseOr() ?? (next < tokens.length ? `unexpected ${describe(tokens[next])}` : undefined);
  return error === undefined ? { ok: true, references } : { ok: false, message: error };
}

/** The tokens of the expression, or a message saying where it has a character it cannot use. */
function tokenize(expression: string): Token[] | string {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const rest = expression.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const operator = Object.entries(operators).find(([symbol]) => rest.startsWith(symbol));
    if (operator !== undefined) {
      tokens.push({ kind: operator[1], text: operator[0], at });
      at += operator[0].length;
      continue;
    }
    const match = referencePattern.exec(rest);
    if (!match) return `unexpected "${rest[0]}" at character ${at + 1}`;
    const reference: DependsReference = { task: match[1] ?? "" };
    if (match[2] !== undefined) reference.result = match[2];
    tokens.push({ kind: "reference", text: match[0], at, reference });
    at += match[0].length;
  }
  return tokens;
}
