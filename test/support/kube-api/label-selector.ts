// Label selectors, parsed with the grammar and error messages of k8s.io/apimachinery/pkg/labels.
import { labelKeyErrors, labelValueErrors } from "./names.ts";

type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

export type LabelSelector = readonly Requirement[];

type TokenKind =
  | "id"
  | "in"
  | "notin"
  | "="
  | "=="
  | "!="
  | "!"
  | "("
  | ")"
  | ","
  | ">"
  | "<"
  | "end"
  | "error";
interface Token {
  kind: TokenKind;
  text: string;
}

const SYMBOLS: Record<string, TokenKind> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  "!": "!",
  "(": "(",
  ")": ")",
  ",": ",",
  ">": ">",
  "<": "<",
};
const isSpecial = (ch: string) => "=!(),><".includes(ch);
const isSpace = (ch: string) => " \t\r\n".includes(ch);

/** Longest run of symbol characters that still forms a token, as the Go lexer does. */
function lexSymbol(input: string, from: number): { token: Token; next: number } {
  let i = from;
  let buffer = "";
  let last: Token | undefined;
  while (i < input.length && isSpecial(input[i] ?? "")) {
    buffer += input[i];
    const kind = SYMBOLS[buffer];
    if (kind) last = { kind, text: buffer };
    else if (last) break;
    i++;
  }
  return {
    token: last ?? { kind: "error", text: `error expected: keyword found '${buffer}'` },
    next: i,
  };
}

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && isSpace(input[i] ?? "")) i++;
    if (i >= input.length) {
      tokens.push({ kind: "end", text: "" });
      return tokens;
    }
    if (isSpecial(input[i] ?? "")) {
      const { token, next } = lexSymbol(input, i);
      tokens.push(token);
      i = next;
      continue;
    }
    let word = "";
    while (i < input.length && !isSpace(input[i] ?? "") && !isSpecial(input[i] ?? ""))
      word += input[i++];
    tokens.push({ kind: word === "in" || word === "notin" ? word : "id", text: word });
  }
}

class Parser {
  readonly #tokens: Token[];
  #pos = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  // In "values" context the keywords in/notin are plain identifiers.
  lookahead(values: boolean): Token {
    const token = this.#tokens[this.#pos] ?? { kind: "end", text: "" };
    return values && (token.kind === "in" || token.kind === "notin")
      ? { kind: "id", text: token.text }
      : token;
  }

  consume(values: boolean): Token {
    const token = this.lookahead(values);
    if (this.#pos < this.#tokens.length) this.#pos++;
    return token;
  }
}

const BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

function parseRequirement(p: Parser): Requirement {
  let negated = false;
  let token = p.consume(true);
  if (token.kind === "!") {
    negated = true;
    token = p.consume(true);
  }
  if (token.kind !== "id") throw new Error(`found '${token.text}', expected: identifier`);
  const key = token.text;
  const keyErrors = labelKeyErrors(key);
  if (keyErrors.length > 0) throw new Error(`invalid label key "${key}": ${keyErrors.join("; ")}`);
  if (negated) return { key, operator: "!", values: [] };
  const next = p.lookahead(true).kind;
  if (next === "end" || next === ",") return { key, operator: "exists", values: [] };
  const op = p.consume(false);
  const operators: Partial<Record<TokenKind, Operator>> = {
    in: "in",
    notin: "notin",
    "=": "=",
    "==": "==",
    "!=": "!=",
    ">": "gt",
    "<": "lt",
  };
  const operator = operators[op.kind];
  if (!operator) throw new Error(`found '${op.text}', expected: ${BINARY_OPERATORS}`);
  const values = operator === "in" || operator === "notin" ? parseValues(p) : parseExactValue(p);
  for (const value of values) {
    if (operator === "gt" || operator === "lt") {
      if (!/^-?\d+$/.test(value))
        throw new Error(`for 'Gt', 'Lt' operators, the value must be an integer`);
      continue;
    }
    const errors = labelValueErrors(value);
    if (errors.length > 0)
      throw new Error(`invalid label value: "${value}": at key: "${key}": ${errors.join("; ")}`);
  }
  return { key, operator, values };
}

function parseValues(p: Parser): string[] {
  const open = p.consume(true);
  if (open.kind !== "(") throw new Error(`found '${open.text}' expected: '('`);
  const first = p.lookahead(true);
  if (first.kind === ")") {
    p.consume(true);
    return [""];
  }
  if (first.kind !== "id" && first.kind !== ",") {
    throw new Error(`found '${first.text}', expected: ',', ')' or identifier`);
  }
  const values = new Set<string>();
  for (;;) {
    const token = p.consume(true);
    if (token.kind === "id") {
      values.add(token.text);
      const after = p.lookahead(true);
      if (after.kind === ",") continue;
      if (after.kind === ")") break;
      throw new Error(`found '${after.text}', expected: ',' or ')'`);
    }
    if (token.kind === ",") {
      if (values.size === 0) values.add("");
      const after = p.lookahead(true);
      if (after.kind === ")") {
        values.add("");
        break;
      }
      if (after.kind === ",") {
        p.consume(true);
        values.add("");
      }
      continue;
    }
    throw new Error(`found '${token.text}', expected: ',', or identifier`);
  }
  const close = p.consume(true);
  if (close.kind !== ")") throw new Error(`found '${close.text}', expected: ')'`);
  return [...values].sort();
}

function parseExactValue(p: Parser): string[] {
  const next = p.lookahead(true);
  if (next.kind === "end" || next.kind === ",") return [""];
  const token = p.consume(true);
  if (token.kind === "id") return [token.text];
  throw new Error(`found '${token.text}', expected: identifier`);
}

/** Parses a selector; throws an Error whose message is the real server's text. */
export function parseLabelSelector(input: string): LabelSelector {
  const p = new Parser(lex(input));
  const requirements: Requirement[] = [];
  for (;;) {
    const token = p.lookahead(true);
    if (token.kind === "end") return requirements;
    if (token.kind !== "id" && token.kind !== "!") {
      throw new Error(`found '${token.text}', expected: !, identifier, or 'end of string'`);
    }
    try {
      requirements.push(parseRequirement(p));
    } catch (error) {
      throw new Error(`unable to parse requirement: ${(error as Error).message}`);
    }
    const after = p.consume(true);
    if (after.kind === "end") return requirements;
    if (after.kind !== ",")
      throw new Error(`found '${after.text}', expected: ',' or 'end of string'`);
    const following = p.lookahead(true);
    if (following.kind !== "id" && following.kind !== "!") {
      throw new Error(`found '${following.text}', expected: identifier after ','`);
    }
  }
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, unknown>>,
): boolean {
  return selector.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = has ? String(labels[r.key]) : undefined;
    switch (r.operator) {
      case "exists":
        return has;
      case "!":
        return !has;
      case "=":
      case "==":
      case "in":
        return value !== undefined && r.values.includes(value);
      case "!=":
      case "notin":
        return value === undefined || !r.values.includes(value);
      case "gt":
      case "lt": {
        if (value === undefined || !/^-?\d+$/.test(value)) return false;
        const bound = Number(r.values[0]);
        return r.operator === "gt" ? Number(value) > bound : Number(value) < bound;
      }
    }
    return false;
  });
}
