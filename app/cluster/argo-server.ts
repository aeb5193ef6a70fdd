// The Argo server's REST API, for what the Kubernetes API cannot do: retrying only the failed
// steps of a run (PUT /api/v1/workflows/{namespace}/{name}/retry).
export interface ArgoServer {
  retry(namespace: string, name: string): Promise<void>;
}

export class ArgoServerError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ArgoServerError";
    this.status = status;
  }
}

export function argoServerClient(baseUrl: string, token: string | undefined): ArgoServer {
  const root = baseUrl.replace(/\/$/, "");
  return {
    async retry(namespace, name) {
      const response = await fetch(
        `${root}/api/v1/workflows/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/retry`,
        {
          method: "PUT",
          headers: {
            "content-type": "application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ name, namespace, restartSuccessful: false }),
        },
      );
      if (response.ok) return;
      const text = await response.text();
      let message = text.trim();
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new ArgoServerError(
        response.status,
        `the Argo server answered ${response.status}: ${message}`,
      );
    },
  };
}
