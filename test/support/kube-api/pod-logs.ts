// pods/{name}/log: text the test sets per container, `container` and `tailLines`, and the
// kubelet's answers for a missing pod, an ambiguous container and a container still waiting.
import { isJsonObject, type JsonObject, objectAt } from "./json.ts";
import { objectKey, PODS } from "./resources.ts";
import { badRequest, notFound } from "./status.ts";
import type { ObjectStore } from "./store.ts";

interface ContainerLog {
  text: string;
  /** Set while the container has not started; the reason is appended to the message when given. */
  waiting: { reason: string | undefined } | undefined;
}

export class PodLogs {
  readonly #logs = new Map<string, ContainerLog>();

  #entry(namespace: string, pod: string, container: string): ContainerLog {
    const key = `${namespace}/${pod}/${container}`;
    let entry = this.#logs.get(key);
    if (!entry) {
      entry = { text: "", waiting: undefined };
      this.#logs.set(key, entry);
    }
    return entry;
  }

  setLog(namespace: string, pod: string, text: string, container = "main"): void {
    this.#entry(namespace, pod, container).text = text;
  }

  appendLog(namespace: string, pod: string, text: string, container = "main"): void {
    this.#entry(namespace, pod, container).text += text;
  }

  setWaiting(
    namespace: string,
    pod: string,
    waiting: boolean,
    container = "main",
    reason?: string,
  ): void {
    this.#entry(namespace, pod, container).waiting = waiting ? { reason } : undefined;
  }

  #containerNames(namespace: string, pod: JsonObject, name: string): string[] {
    const containers = objectAt(pod, "spec")?.containers;
    const fromSpec = Array.isArray(containers)
      ? containers.flatMap((c) => (isJsonObject(c) && typeof c.name === "string" ? [c.name] : []))
      : [];
    if (fromSpec.length > 0) return fromSpec;
    const prefix = `${namespace}/${name}/`;
    const fromLogs = [...this.#logs.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length));
    return fromLogs.length > 0 ? fromLogs : ["main"];
  }

  /** The log text for GET …/pods/{name}/log, or throws the Status the server answers. */
  read(store: ObjectStore, namespace: string, name: string, query: URLSearchParams): string {
    const pod = store.get(PODS, objectKey(PODS, namespace, name));
    if (!pod) throw notFound(PODS, name);
    const names = this.#containerNames(namespace, pod, name);
    let container = query.get("container") ?? "";
    if (!container) {
      if (names.length > 1) {
        throw badRequest(
          `a container name must be specified for pod ${name}, choose one of: [${names.join(" ")}]`,
        );
      }
      container = names[0] ?? "main";
    }
    if (!names.includes(container))
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    const entry = this.#logs.get(`${namespace}/${name}/${container}`);
    if (entry?.waiting) {
      const reason = entry.waiting.reason ? `: ${entry.waiting.reason}` : "";
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start${reason}`);
    }
    return tail(entry?.text ?? "", query.get("tailLines"), query.get("limitBytes"));
  }
}

function tail(text: string, tailLines: string | null, limitBytes: string | null): string {
  let out = text;
  if (tailLines !== null && /^\d+$/.test(tailLines)) {
    const lines = out.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const count = Number(tailLines);
    out = count === 0 ? "" : lines.slice(-count).join("");
  }
  if (limitBytes !== null && /^\d+$/.test(limitBytes)) {
    out = Buffer.from(out).subarray(0, Number(limitBytes)).toString("utf8");
  }
  return out;
}
