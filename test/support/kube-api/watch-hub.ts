// WATCH streams: newline-delimited JSON events, replayed from the history after a resourceVersion,
// filtered by selectors (relabelled-out objects arrive as DELETED), with bookmarks and timeouts.
import type { ServerResponse } from "node:http";
import type { FieldSelector } from "./field-selector.ts";
import { childObject, type JsonObject } from "./json.ts";
import type { LabelSelector } from "./label-selector.ts";
import { matchesQuery } from "./list.ts";
import { apiVersionOf, type ResourceType } from "./resources.ts";
import { expired } from "./status.ts";
import type { Change, ObjectStore } from "./store.ts";

export interface WatchRequest {
  resource: ResourceType;
  namespace: string | undefined;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  resourceVersion: string | undefined;
  allowBookmarks: boolean;
  timeoutSeconds: number;
}

export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: JsonObject;
}

interface OpenWatch {
  response: ServerResponse;
  close: () => void;
}

export class WatchHub {
  readonly #store: ObjectStore;
  readonly #bookmarkIntervalMs: number;
  readonly #open = new Set<OpenWatch>();

  constructor(store: ObjectStore, bookmarkIntervalMs: number) {
    this.#store = store;
    this.#bookmarkIntervalMs = bookmarkIntervalMs;
  }

  get openCount(): number {
    return this.#open.size;
  }

  /** Streams events to `response` until the timeout, the client leaving, or the server closing. */
  start(response: ServerResponse, request: WatchRequest): void {
    response.writeHead(200, {
      "Content-Type": "application/json",
      "Cache-Control": "no-cache, private",
    });
    response.flushHeaders();
    response.socket?.setNoDelay(true);
    const send = (event: WatchEvent) => response.write(`${JSON.stringify(event)}\n`);

    const rv = request.resourceVersion;
    const fromScratch = rv === undefined || rv === "" || rv === "0";
    let backlog: Change[] | undefined = [];
    if (!fromScratch) {
      backlog = this.#store.changesAfter(request.resource, Number(rv));
      if (!backlog) {
        const error = expired(`too old resource version: ${rv} (${this.#store.compactedRv})`);
        send({ type: "ERROR", object: error.body });
        response.end();
        return;
      }
    }

    const unsubscribe = this.#store.subscribe((change) => {
      const event = toEvent(change, request);
      if (event) send(event);
    });
    const timers: NodeJS.Timeout[] = [
      setTimeout(() => watch.close(), request.timeoutSeconds * 1000),
    ];
    if (request.allowBookmarks) {
      timers.push(
        setInterval(() => send(this.#bookmark(request.resource)), this.#bookmarkIntervalMs),
      );
    }
    const watch: OpenWatch = {
      response,
      close: () => {
        if (!this.#open.delete(watch)) return;
        unsubscribe();
        for (const timer of timers) clearTimeout(timer);
        if (!response.writableEnded) response.end();
      },
    };
    this.#open.add(watch);
    response.on("close", watch.close);

    if (fromScratch) {
      for (const [key, object] of this.#store.entries(request.resource)) {
        if (inNamespace(key, request) && matchesQuery(request.resource, object, request)) {
          send({ type: "ADDED", object: structuredClone(object) });
        }
      }
    } else {
      for (const change of backlog) {
        const event = toEvent(change, request);
        if (event) send(event);
      }
    }
  }

  #bookmark(rt: ResourceType): WatchEvent {
    return {
      type: "BOOKMARK",
      object: {
        kind: rt.kind,
        apiVersion: apiVersionOf(rt),
        metadata: { resourceVersion: String(this.#store.resourceVersion) },
      },
    };
  }

  /** Ends every stream cleanly (server shutdown). */
  closeAll(): void {
    for (const watch of [...this.#open]) watch.close();
  }

  /** Cuts every stream abruptly, as a broken connection would. */
  dropAll(): void {
    for (const watch of [...this.#open]) {
      watch.response.socket?.destroy();
      watch.close();
    }
  }
}

function inNamespace(key: string, request: WatchRequest): boolean {
  return (
    !request.resource.namespaced || !request.namespace || key.startsWith(`${request.namespace}/`)
  );
}

function toEvent(change: Change, request: WatchRequest): WatchEvent | undefined {
  if (change.resource !== request.resource || !inNamespace(change.key, request)) return undefined;
  const rt = request.resource;
  const now = change.type !== "DELETED" && matchesQuery(rt, change.object, request);
  const before = change.previous !== undefined && matchesQuery(rt, change.previous, request);
  if (change.type === "DELETED")
    return before ? { type: "DELETED", object: structuredClone(change.object) } : undefined;
  if (now) return { type: before ? "MODIFIED" : "ADDED", object: structuredClone(change.object) };
  if (!before || !change.previous) return undefined;
  // Relabelled out of the selector: the previous content, stamped with this change's RV.
  const object = structuredClone(change.previous);
  childObject(object, "metadata").resourceVersion = String(change.rv);
  return { type: "DELETED", object };
}
