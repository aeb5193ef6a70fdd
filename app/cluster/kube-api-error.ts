// An error answer of the Kubernetes API, with the fields of its Status body.

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly causes: Array<{ reason?: string; message?: string; field?: string }>;

  constructor(code: number, reason: string, message: string, causes: KubeApiError["causes"] = []) {
    super(message);
    this.name = "KubeApiError";
    this.code = code;
    this.reason = reason;
    this.causes = causes;
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
