// Boolean expressions of `when` (govaluate, where bare words are strings) and of DAG `depends`
// (where `task.Succeeded` names a task result): || && ! ( ) == != < > <= >= =~ !~.

type Value = string | number | boolean;

type Token =
  | { kind: "op"; text: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "word"; text: string };

const OPERATORS = ["&&", "||", "==", "!=", "<=", ">=", "=~", "!~", "<", ">", "!", "(", ")"];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    const quoted = /^(['"])(.*?)\1/.exec(rest);
    const number = /^-?\d+(\.\d+)?(?![\w.-])/.exec(rest);
    const word = /^[A-Za-z0-9_][\w.\-/:]*/.exec(rest);
    if (op) tokens.push({ kind: "op", text: op });
    else if (quoted) tokens.push({ kind: "string", value: quoted[2] ?? "" });
    else if (number) tokens.push({ kind: "number", value: Number(number[0]) });
    else if (word) tokens.push({ kind: "word", text: word[0] });
    else throw new Error(`cannot read the expression '${source}' at '${rest}'`);
    at += op?.length ?? quoted?.[0].length ?? number?.[0].length ?? word?.[0].length ?? 1;
  }
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  readonly #word: (text: string) => Value;
  #at = 0;

  constructor(tokens: Token[], word: (text: string) => Value) {
    this.#tokens = tokens;
    this.#word = word;
  }

  parse(): Value {
    const value = this.#or();
    if (this.#at < this.#tokens.length) throw new Error("unexpected text after the expression");
    return value;
  }

  #peekOp(...ops: string[]): string | undefined {
    const token = this.#tokens[this.#at];
    return token?.kind === "op" && ops.includes(token.text) ? token.text : undefined;
  }

  #or(): Value {
    let left = this.#and();
    while (this.#peekOp("||")) {
      this.#at++;
      const right = this.#and();
      left = bool(left) || bool(right);
    }
    return left;
  }

  #and(): Value {
    let left = this.#comparison();
    while (this.#peekOp("&&")) {
      this.#at++;
      const right = this.#comparison();
      left = bool(left) && bool(right);
    }
    return left;
  }

  #comparison(): Value {
    const left = this.#unary();
    const op = this.#peekOp("==", "!=", "<=", ">=", "=~", "!~", "<", ">");
    if (!op) return left;
    this.#at++;
    return compare(op, left, this.#unary());
  }

  #unary(): Value {
    if (this.#peekOp("!")) {
      this.#at++;
      return !bool(this.#unary());
    }
    const token = this.#tokens[this.#at++];
    if (!token) throw new Error("the expression ends too early");
    if (token.kind === "op" && token.text === "(") {
      const inner = this.#or();
      if (!this.#peekOp(")")) throw new Error("missing )");
      this.#at++;
      return inner;
    }
    if (token.kind === "string" || token.kind === "number") return token.value;
    if (token.kind === "word") return this.#word(token.text);
    throw new Error(`unexpected '${token.text}'`);
  }
}

function bool(value: Value): boolean {
  if (typeof value !== "boolean") throw new Error(`'${value}' is not a boolean`);
  return value;
}

function compare(op: string, left: Value, right: Value): boolean {
  switch (op) {
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    case "=~":
      return new RegExp(String(right)).test(String(left));
    case "!~":
      return !new RegExp(String(right)).test(String(left));
  }
  const [a, b] =
    typeof left === "number" && typeof right === "number"
      ? [left, right]
      : [String(left), String(right)];
  return op === "<" ? a < b : op === ">" ? a > b : op === "<=" ? a <= b : a >= b;
}

/** A `when` after substitution; throws for what govaluate would reject. */
export function evaluateWhen(expression: string): boolean {
  const literal = (text: string): Value =>
    text === "true" ? true : text === "false" ? false : text;
  try {
    return bool(new Parser(tokenize(expression), literal).parse());
  } catch (error) {
    throw new Error(
      `argo-controller: cannot evaluate when '${expression}': ${(error as Error).message}`,
    );
  }
}

const RESULT = /\.(Succeeded|Failed|Errored|Skipped|Omitted|Daemoned|AnySucceeded|AllFailed)$/;

/** A `depends` expression; `result(task, name)` answers `task.Succeeded` etc. */
export function evaluateDepends(
  expression: string,
  result: (task: string, name: string) => boolean,
): boolean {
  // A bare task name is resolved by the caller ("" as result name), as Argo expands it.
  const word = (text: string): Value => {
    const match = RESULT.exec(text);
    return match ? result(text.slice(0, match.index), match[1] ?? "") : result(text, "");
  };
  return bool(new Parser(tokenize(expression), word).parse());
}

/** The task names an expression mentions (`a && b.Failed` → a, b). */
export function dependsTasks(expression: string): string[] {
  const names = tokenize(expression).flatMap((token) =>
    token.kind === "word" ? [token.text.replace(RESULT, "")] : [],
  );
  return [...new Set(names)];
}
