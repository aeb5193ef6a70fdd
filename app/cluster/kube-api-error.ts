// An error answer of the Kubernetes API, with the fields of its Status body.

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
    retryAfterSeconds?: number;
  };
}

export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly causes: Array<{ reason?: string; message?: string; field?: string }>;
  /** How long the server asks a client to wait before trying again (429, some 5xx). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: number,
    reason: string,
    message: string,
    causes: KubeApiError["causes"] = [],
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "KubeApiError";
    this.code = code;
    this.reason = reason;
    this.causes = causes;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Wraps what client-node throws; errors without an HTTP answer pass through unchanged. */
  static from(error: unknown): unknown {
    if (error instanceof KubeApiError) return error;
    const candidate = error as { code?: unknown; body?: unknown };
    if (typeof candidate?.code !== "number") return error;
    const status = parseStatus(candidate.body);
    const message =
      status.message ??
      (typeof candidate.body === "string" ? candidate.body.trim() : `HTTP ${candidate.code}`);
    return new KubeApiError(
      candidate.code,
      status.reason ?? "Unknown",
      message,
      status.details?.causes ?? [],
      retryAfter(status, (candidate as { headers?: unknown }).headers),
    );
  }
}

function parseStatus(body: unknown): StatusBody {
  if (body && typeof body === "object") return body as StatusBody;
  if (typeof body !== "string") return {};
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as StatusBody) : {};
  } catch {
    return {};
  }
}

/** The Status body's `details.retryAfterSeconds`, else the `Retry-After` header (in seconds). */
function retryAfter(status: StatusBody, headers: unknown): number | undefined {
  const fromBody = status.details?.retryAfterSeconds;
  if (typeof fromBody === "number" && fromBody >= 0) return fromBody;
  const header =
    headers && typeof headers === "object"
      ? (headers as Record<string, unknown>)["retry-after"]
      : undefined;
  const seconds = typeof header === "string" ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
