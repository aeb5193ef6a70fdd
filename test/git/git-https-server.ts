// A GitHub-like https remote for tests: git's smart HTTP served by `git http-backend` (the CGI
// that Debian's git ships), behind a check of the Authorization header. It records each
// request's Authorization header, so a test sees what reached the server.
import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

const httpBackend = "/usr/lib/git-core/git-http-backend";

export interface GitHttpsServer {
  /** https URL of the bare repository `name` (a folder of the served root). */
  url(name: string): string;
  /** The Authorization header of each request, in order ("" when there was none). */
  readonly authorizations: string[];
  /** The certificate the server presents (self-signed for 127.0.0.1, unless one was given). */
  certificateFile: string;
  close(): Promise<void>;
}

/**
 * Serves the bare repositories under `root`; a request without `authorization` gets a 401. The
 * server presents `certificate` (one signed by a private CA, say), else a self-signed one.
 */
export async function startGitHttpsServer(
  root: string,
  authorization: string,
  workDir: string,
  certificate?: { certificateFile: string; keyFile: string },
): Promise<GitHttpsServer> {
  const { certificateFile, keyFile } = certificate ?? (await selfSigned(workDir));
  const authorizations: string[] = [];
  const server: Server = createServer(
    { key: await readFile(keyFile), cert: await readFile(certificateFile) },
    (request, response) => {
      authorizations.push(request.headers.authorization ?? "");
      if (request.headers.authorization !== authorization) {
        response.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' }).end();
        return;
      }
      const url = new URL(request.url ?? "/", "https://127.0.0.1");
      const cgi = spawn(httpBackend, [], {
        env: {
          PATH: "/usr/bin:/bin",
          GIT_PROJECT_ROOT: root,
          GIT_HTTP_EXPORT_ALL: "1",
          PATH_INFO: decodeURIComponent(url.pathname),
          QUERY_STRING: url.search.slice(1),
          REQUEST_METHOD: request.method ?? "GET",
          CONTENT_TYPE: request.headers["content-type"] ?? "",
          HTTP_CONTENT_ENCODING: request.headers["content-encoding"] ?? "",
          GIT_PROTOCOL: String(request.headers["git-protocol"] ?? ""),
          REMOTE_ADDR: "127.0.0.1",
        },
      });
      request.pipe(cgi.stdin);
      relayCgiResponse(cgi.stdout, response);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `https://127.0.0.1:${port}/${name}`,
    authorizations,
    certificateFile,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function selfSigned(workDir: string): Promise<{ certificateFile: string; keyFile: string }> {
  const certificateFile = join(workDir, "cert.pem");
  const keyFile = join(workDir, "key.pem");
  await promisify(execFile)("openssl", [
    ...["req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
    ...["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
    ...["-addext", "subjectAltName=IP:127.0.0.1"],
    ...["-keyout", keyFile, "-out", certificateFile],
  ]);
  return { certificateFile, keyFile };
}

/** A CGI answers with header lines (`Status: 200 OK`, …), a blank line, then the body. */
function relayCgiResponse(output: NodeJS.ReadableStream, response: ServerResponse): void {
  let head = Buffer.alloc(0);
  let started = false;
  output.on("data", (chunk: Buffer) => {
    if (started) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const text = head.toString("latin1");
    const end = text.search(/\r?\n\r?\n/);
    if (end < 0) return;
    const separator = /\r?\n\r?\n/.exec(text.slice(end))?.[0].length ?? 2;
    let status = 200;
    for (const line of text.slice(0, end).split(/\r?\n/)) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.writeHead(status);
    started = true;
    response.write(head.subarray(end + separator));
  });
  output.on("end", () => response.end());
}
