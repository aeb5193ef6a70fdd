// HTML written with a tagged template: every interpolated value is escaped unless it is HTML this
// module made (another html`` fragment), so a name, a log line or a parameter is never markup.

export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

type Value = string | number | undefined | null | false | Html | readonly Value[];

export function html(literals: TemplateStringsArray, ...values: Value[]): Html {
  let text = "";
  literals.forEach((literal, index) => {
    text += literal;
    if (index < values.length) text += render(values[index] as Value);
  });
  return new Html(text);
}

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A URL for an href: only http(s) and our own paths, anything else becomes "#". */
export function safeHref(url: string): string {
  return /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : "#";
}
