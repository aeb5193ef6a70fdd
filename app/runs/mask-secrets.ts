// Replaces secret values in text before it is posted anywhere. Values shorter than three
// characters are left alone: masking them would garble every log and protect nothing.
export const mask = "***";

export function maskSecrets(text: string, secretValues: Iterable<string>): string {
  const values = [...new Set(secretValues)]
    .filter((value) => value.trim().length >= 3)
    .sort((a, b) => b.length - a.length);
  let masked = text;
  for (const value of values) {
    masked = masked.replaceAll(value, mask);
    // A multi-line secret (a key file) may show up line by line.
    for (const line of value.split("\n"))
      if (line.trim().length >= 8) masked = masked.replaceAll(line, mask);
  }
  return masked;
}
