// The forms a secret value may take in a log: what a step does with a value it was given
// (prints it, writes it to a file with other line ends, encodes it for a header, a URL or JSON).

/** Lines of a multi-line value (a key file) shorter than this are too common to mask alone. */
const minLineLength = 8;

/** Encoded pieces of a longer string shorter than this would mask ordinary words. */
const minEmbeddedBase64Length = 6;

export function secretForms(value: string): Set<string> {
  const forms = new Set<string>();
  for (const variant of variantsOf(value)) {
    forms.add(variant);
    for (const encoded of encodingsOf(variant)) forms.add(encoded);
  }
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= minLineLength) forms.add(trimmed);
  }
  forms.delete("");
  return forms;
}

/** The value as given, trimmed (a file's final newline), and with LF or CRLF line ends. */
function variantsOf(value: string): Set<string> {
  const lf = value.replace(/\r\n/g, "\n");
  const variants = new Set([value, value.trim(), lf, lf.replace(/\n/g, "\r\n")]);
  variants.delete("");
  return variants;
}

function encodingsOf(value: string): string[] {
  const uri = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const json = JSON.stringify(value).slice(1, -1);
  return [
    ...base64Forms(value),
    uri,
    lowerCaseEscapes(uri),
    form,
    lowerCaseEscapes(form),
    json,
    // Python's json.dumps and others escape every non-ASCII character.
    json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  ];
}

function lowerCaseEscapes(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (percent) => percent.toLowerCase());
}

/**
 * The value encoded alone (padded and not), and the characters that stay the same wherever it
 * sits in a longer encoded string: base64 turns 3 bytes into 4 characters, so a value after 0, 1
 * or 2 other bytes encodes three ways, minus the characters shared with its neighbours.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const forms: string[] = [];
  const alone = bytes.toString("base64");
  forms.push(alone, alone.replace(/=+$/, ""));
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const first = offset === 0 ? 0 : offset + 1;
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    const piece = encoded.slice(first, last);
    if (piece.length >= minEmbeddedBase64Length) forms.push(piece);
  }
  return forms.flatMap((form) => [form, urlSafe(form), urlSafe(form).replace(/=+$/, "")]);
}

function urlSafe(base64: string): string {
  return base64.replaceAll("+", "-").replaceAll("/", "_");
}
