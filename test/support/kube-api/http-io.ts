// Reading requests and writing answers; the request log the harness exposes.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JsonObject } from "./json.ts";

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Request Content-Type without parameters, when there was one. */
  contentType: string | undefined;
  /** Answer's status; 0 while the request is still being handled. */
  status: number;
  watch: boolean;
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export const mediaType = (header: string | undefined) =>
  header?.split(";")[0]?.trim().toLowerCase() || undefined;

export class Responder {
  readonly #response: ServerResponse;
  readonly #record: RequestRecord;

  constructor(response: ServerResponse, record: RequestRecord) {
    this.#response = response;
    this.#record = record;
  }

  get response(): ServerResponse {
    return this.#response;
  }

  json(status: number, body: JsonObject, headers: Record<string, string> = {}): void {
    this.#send(status, `${JSON.stringify(body)}\n`, "application/json", headers);
  }

  text(status: number, body: string, contentType = "text/plain; charset=utf-8"): void {
    this.#send(status, body, contentType, {});
  }

  /** Marks the record for a streamed answer (watch) that writes its own head. */
  streaming(status: number): void {
    this.#record.status = status;
    this.#record.watch = true;
  }

  #send(status: number, body: string, contentType: string, headers: Record<string, string>): void {
    this.#record.status = status;
    if (this.#response.headersSent) return;
    this.#response.writeHead(status, {
      "Content-Type": contentType,
      "Cache-Control": "no-cache, private",
      ...headers,
    });
    this.#response.end(body);
  }
}
