// Checks a request body the GitHub double accepts against GitHub's published schema of its
// endpoint: github-request-schemas.json, written by scripts/github-request-schemas.ts.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

interface RequestSchemas {
  source: string;
  operations: Record<
    string,
    { method: string; path: string; bodyRequired: boolean; schema: Record<string, unknown> }
  >;
}

interface Endpoint {
  operation: string;
  method: string;
  path: RegExp;
  bodyRequired: boolean;
  validate: ValidateFunction;
}

const published = JSON.parse(
  readFileSync(new URL("./github-request-schemas.json", import.meta.url), "utf8"),
) as RequestSchemas;

// GitHub's descriptions leave `type` out of `anyOf` branches, which ajv's strictTypes refuses.
const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
ajv.addFormat("date-time", {
  type: "string",
  validate: (value) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) &&
    !Number.isNaN(Date.parse(value)),
});

const endpoints: Endpoint[] = Object.entries(published.operations).map(([operation, entry]) => ({
  operation,
  method: entry.method,
  path: new RegExp(`^${entry.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  bodyRequired: entry.bodyRequired,
  validate: ajv.compile(entry.schema),
}));

/**
 * Why GitHub would refuse this request's body, by the published schema of its endpoint, or
 * undefined if it would not. `path` is relative to the API's root (`/repos/…`, not `/api/v3/…`).
 */
export function bodyProblem(method: string, path: string, body: string): string | undefined {
  const request = `${method} ${path}`;
  const endpoint = endpoints.find((e) => e.method === method && e.path.test(path));
  if (!endpoint) {
    if (method === "GET" || method === "HEAD" || body === "") return undefined;
    return `${request}: no published schema for this endpoint's body (add its operationId to scripts/github-request-schemas.ts)`;
  }
  const named = `${request} (${endpoint.operation})`;
  if (body === "") return endpoint.bodyRequired ? `${named}: no body` : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `${named}: the body is not JSON: ${body.slice(0, 200)}`;
  }
  if (endpoint.validate(parsed)) return undefined;
  const errors = ajv.errorsText(endpoint.validate.errors, { dataVar: "body", separator: "; " });
  return `${named}: ${errors} (schemas from ${published.source}); body: ${body.slice(0, 500)}`;
}

/** GitHub's answer to a body its schema refuses. */
export function invalidRequest(problem: string) {
  return {
    message: `Invalid request.\n\n${problem}`,
    documentation_url: "https://docs.github.com/rest",
    status: "422",
  };
}
