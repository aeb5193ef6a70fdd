// Replaces secret values in text before it is posted anywhere, in every form a step is likely
// to print them: as they are, with LF or CRLF line ends, line by line, trimmed, base64
// (standard and URL-safe, padded or not, also inside a longer encoded string such as
// `base64(user:password)`), URL-encoded (encodeURIComponent and form encoding) and JSON-escaped.
import { secretForms } from "./secret-forms.ts";

export const mask = "***";

/** Forms shorter than this are masked only where they stand whole (not inside other words). */
const minLengthInside = 3;

export function maskSecrets(text: string, secretValues: Iterable<string>): string {
  return secretMasker(secretValues)(text);
}

/** A masker for several texts: the forms are worked out once. */
export function secretMasker(secretValues: Iterable<string>): (text: string) => string {
  const pattern = maskPattern(secretValues);
  return (text) => (pattern ? text.replace(pattern, mask) : text);
}

/** One pattern for every form of every value, longest first, so one pass masks them all. */
function maskPattern(secretValues: Iterable<string>): RegExp | undefined {
  const forms = new Set<string>();
  for (const value of new Set(secretValues))
    if (value.trim() !== "") for (const form of secretForms(value)) forms.add(form);
  const byLength = [...forms].sort((a, b) => b.length - a.length);
  const inside = byLength.filter((form) => form.length >= minLengthInside).map(escapeRegExp);
  const whole = byLength.filter((form) => form.length < minLengthInside).map(escapeRegExp);
  const alternatives = [
    ...(inside.length > 0 ? [inside.join("|")] : []),
    ...(whole.length > 0 ? [`(?<![\\p{L}\\p{N}])(?:${whole.join("|")})(?![\\p{L}\\p{N}])`] : []),
  ];
  return alternatives.length > 0 ? new RegExp(alternatives.join("|"), "gu") : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
