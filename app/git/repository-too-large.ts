// The refusal of a repository whose mirror grew past the server policy's limit: a user-facing
// reason (the message), typed so a caller can tell it from Git being unreachable.
export class RepositoryTooLargeError extends Error {
  override readonly name = "RepositoryTooLargeError";

  readonly repository: string;
  /** The mirror's size when it was measured. */
  readonly bytes: number;
  readonly limitBytes: number;

  constructor(refusal: {
    repository: string;
    bytes: number;
    limitBytes: number;
    /** Blobs over this size are never fetched, so they do not count. */
    fileLimitBytes: number;
    /** The fetch was stopped on the way: `bytes` is what had arrived by then. */
    fetchStopped: boolean;
  }) {
    const { repository, bytes, limitBytes, fileLimitBytes, fetchStopped } = refusal;
    super(
      `${repository} is too large for coxswain: its Git objects take ${fetchStopped ? "at least " : ""}${formatBytes(bytes)}, and the server policy allows ${formatBytes(limitBytes)} per repository (limits.maxRepositoryBytes; files over ${formatBytes(fileLimitBytes)} are not fetched and do not count). coxswain removed its copy and changed nothing; make the repository's history smaller or ask the cluster admin to raise the limit.`,
    );
    this.repository = repository;
    this.bytes = bytes;
    this.limitBytes = limitBytes;
  }
}

/** `62.4 MiB (65,432,100 bytes)`: readable, and exact enough to compare with the limit. */
function formatBytes(bytes: number): string {
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = "bytes";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  const exact = `${bytes.toLocaleString("en-US")} bytes`;
  return unit === "bytes" ? exact : `${value.toFixed(1)} ${unit} (${exact})`;
}
