/** Text ended with one full stop, whether or not it had its own. */
export function sentence(text: string): string {
  return `${text.trimEnd().replace(/[.]+$/, "")}.`;
}
