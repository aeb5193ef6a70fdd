// GitHub's REST API for bench/reporting-at-scale.ts, in a process of its own on loopback HTTP:
// the endpoints the run reporter calls, each answer with GitHub's x-ratelimit-* headers for one
// installation's window (5,000 requests an hour from its first request, GitHub's 403 once spent),
// on the simulated clock the bench shares (argv: realStart ms, speed). Its own process keeps the
// reporter's RSS its own (nock retains ~50 KB of heap per intercepted fetch here).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const [realStart = Date.now(), speed = 1] = process.argv.slice(2).map(Number);
const simStart = Date.parse("2026-11-23T10:00:00Z");
const now = () => simStart + (Date.now() - realStart) * speed;
const limit = 5_000;
const hourMs = 3_600_000;
const installationId = 2;

export interface GitHubStats {
  answered: Array<{ at: number; method: string; status: number; remaining: number }>;
  /** Check run id → simulated time its completed update was answered. */
  completedAt: Array<[number, number]>;
  progressUpdates: number;
  exitNotifications: number;
}

const window = { used: 0, resetAt: 0 };
const stats: GitHubStats = {
  answered: [],
  completedAt: [],
  progressUpdates: 0,
  exitNotifications: 0,
};
const comments = new Map<string, Array<{ id: number; body: string }>>();
let commentId = 1;

type Answer = [number, unknown];

/** What the endpoint at `method path` does with `body`; undefined: no such endpoint. */
function route(
  method: string,
  path: string,
  body: Record<string, unknown>,
): (() => Answer) | undefined {
  let match = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(path);
  if (method === "PATCH" && match) {
    const id = Number(match[1]);
    return () => {
      if (body.status === "completed") stats.completedAt.push([id, now()]);
      else stats.progressUpdates++;
      return [200, { id }];
    };
  }
  match = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
  if (method === "PATCH" && match) return () => [200, { id: Number(match?.[1]) }];
  match = /^(\/repos\/[^/]+\/[^/]+\/issues\/\d+)\/comments$/.exec(path);
  const issue = match?.[1] ?? "";
  if (match && method === "GET")
    return () => [
      200,
      (comments.get(issue) ?? []).map((c) => ({ ...c, performed_via_github_app: { id: 1 } })),
    ];
  if (match && method === "POST")
    return () => {
      const comment = { id: commentId++, body: String(body.body) };
      comments.set(issue, [...(comments.get(issue) ?? []), comment]);
      stats.exitNotifications++;
      return [201, comment];
    };
  return undefined;
}

function meter(method: string, answer: () => Answer): { answer: Answer; headers: object } {
  const at = now();
  if (at >= window.resetAt) {
    window.used = 0;
    window.resetAt = Math.ceil((at + hourMs) / 1000) * 1000;
  }
  const refused = window.used >= limit;
  if (!refused) window.used++;
  const remaining = limit - window.used;
  const answered: Answer = refused
    ? [403, { message: `API rate limit exceeded for installation ID ${installationId}.` }]
    : answer();
  stats.answered.push({ at, method, status: answered[0], remaining });
  return {
    answer: answered,
    headers: {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-used": String(window.used),
      "x-ratelimit-reset": String(window.resetAt / 1000),
      "x-ratelimit-resource": "core",
    },
  };
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const method = request.method ?? "GET";
  const path = new URL(request.url ?? "/", "http://github.test").pathname;
  const send = ([status, payload]: Answer, headers: object = {}) => {
    response.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-github-api-version-selected": "2022-11-28",
      ...headers,
    });
    response.end(JSON.stringify(payload));
  };
  if (method === "POST" && path === `/app/installations/${installationId}/access_tokens`) {
    send([201, { token: "ghs_bench", expires_at: new Date(Date.now() + hourMs).toISOString() }]);
    return;
  }
  const endpoint = route(method, path, body);
  if (!endpoint) {
    send([404, { message: "Not Found" }]);
    return;
  }
  const { answer, headers } = meter(method, endpoint); // a refused request changes nothing
  send(answer, headers);
}

const server = createServer((request, response) => void handle(request, response));
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("message", (message: { stats?: boolean }) => {
  if (message.stats) process.send?.({ stats });
});
