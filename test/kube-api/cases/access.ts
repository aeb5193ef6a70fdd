// Authentication, authorisation and rate limiting.
import type { ConformanceCase } from "../conformance.ts";
import { ARGO, failure, WF } from "./fixtures.ts";

export const AUTH: ConformanceCase[] = [
  {
    name: "a wrong bearer token answers 401 Unauthorized; no token at all is the anonymous user, 403",
    steps: [
      {
        method: "GET",
        path: WF,
        token: "not-a-valid-token",
        expect: failure(401, "Unauthorized", "Unauthorized"),
      },
      {
        method: "GET",
        path: WF,
        token: null,
        expect: {
          status: 403,
          body: {
            reason: "Forbidden",
            code: 403,
            message:
              'workflows.argoproj.io is forbidden: User "system:anonymous" cannot list resource "workflows" in API group "argoproj.io" in the namespace "{{ns}}"',
          },
        },
      },
    ],
  },
  {
    name: "a user without permission answers 403 Forbidden",
    needs: ["restrictedToken"],
    steps: [
      {
        method: "GET",
        path: WF,
        token: "{{restrictedToken}}",
        expect: {
          status: 403,
          body: {
            reason: "Forbidden",
            code: 403,
            details: { group: "argoproj.io", kind: "workflows" },
          },
          matches: {
            message:
              '^workflows\\.argoproj\\.io is forbidden: User ".*" cannot list resource "workflows" in API group "argoproj\\.io" in the namespace "{{ns}}"$',
          },
        },
      },
    ],
  },
  {
    name: "too many requests answers 429 with Retry-After",
    steps: [
      { action: "fault", pathPrefix: `${ARGO}/namespaces/{{ns}}/workflows`, retryAfterSeconds: 2 },
      {
        method: "GET",
        path: WF,
        expect: {
          ...failure(429, "TooManyRequests", "Too many requests, please try again later.", {
            retryAfterSeconds: 2,
          }),
          headers: { "retry-after": "2" },
        },
      },
    ],
  },
];
