// Lists, selectors, paging with continue tokens, and watch streams.
import type { ConformanceCase } from "../conformance.ts";
import { ARGO, create, failure, MERGE, WF } from "./fixtures.ts";

export const LISTS: ConformanceCase[] = [
  {
    name: "label selectors filter lists: equality, set-based and all namespaces",
    steps: [
      create("probe-list-1", { suite: "list-{{run}}", run: "1" }),
      create("probe-list-2", { suite: "list-{{run}}", run: "2" }),
      {
        method: "GET",
        path: `${WF}?labelSelector=suite%3Dlist-{{run}}`,
        expect: {
          status: 200,
          body: { kind: "WorkflowList", apiVersion: "argoproj.io/v1alpha1" },
          present: ["metadata.resourceVersion"],
          matches: { "metadata.continue": "^$" },
          itemNames: ["probe-list-1", "probe-list-2"],
        },
      },
      {
        method: "GET",
        path: `${WF}?labelSelector=suite%3Dlist-{{run}},run+in+(1)`,
        expect: { status: 200, itemNames: ["probe-list-1"] },
      },
      {
        method: "GET",
        path: `${WF}?labelSelector=suite%3D%3Dlist-{{run}},run!%3D1`,
        expect: { status: 200, itemNames: ["probe-list-2"] },
      },
      {
        method: "GET",
        path: `${ARGO}/workflows?labelSelector=suite%3Dlist-{{run}}`,
        expect: { status: 200, itemNames: ["probe-list-1", "probe-list-2"] },
      },
      {
        method: "GET",
        path: `${WF}?fieldSelector=metadata.name%3Dprobe-list-2`,
        expect: { status: 200, itemNames: ["probe-list-2"] },
      },
    ],
  },
  {
    name: "a malformed label selector answers 400 BadRequest",
    steps: [
      {
        method: "GET",
        path: `${WF}?labelSelector=app%3D%3D%3Dx`,
        expect: failure(
          400,
          "BadRequest",
          "unable to parse requirement: found '=', expected: identifier",
        ),
      },
    ],
  },
  {
    name: "a field selector on an unsupported field answers 400 BadRequest",
    steps: [
      {
        method: "GET",
        path: `${WF}?fieldSelector=status.phase%3DSucceeded`,
        expect: failure(400, "BadRequest", "field label not supported: status.phase"),
      },
    ],
  },
];

export const PAGING: ConformanceCase[] = [
  {
    name: "limit and continue page through a snapshot; garbage tokens 400, compacted ones 410",
    steps: [
      ...[1, 2, 3, 4, 5].map((i) => create(`probe-page-${i}`, { page: "yes-{{run}}" })),
      {
        method: "GET",
        path: `${WF}?labelSelector=page%3Dyes-{{run}}&limit=2`,
        expect: {
          status: 200,
          itemNames: ["probe-page-1", "probe-page-2"],
          present: ["metadata.continue"],
          absent: ["metadata.remainingItemCount"],
        },
        capture: { token: "metadata.continue", rv: "metadata.resourceVersion" },
      },
      create("probe-page-3a", { page: "yes-{{run}}" }),
      {
        method: "GET",
        path: `${WF}?labelSelector=page%3Dyes-{{run}}&limit=2&continue={{token}}`,
        expect: {
          status: 200,
          itemNames: ["probe-page-3", "probe-page-4"],
          body: { metadata: { resourceVersion: "{{rv}}" } },
        },
      },
      {
        method: "GET",
        path: `${WF}?labelSelector=page%3Dyes-{{run}}&limit=2&continue=garbage`,
        expect: failure(
          400,
          "BadRequest",
          "invalid continue token: continue key is not valid: invalid character '\\u0081' looking for beginning of value",
        ),
      },
    ],
  },
  {
    name: "a continue token from before a compaction answers 410 Expired with a fresh token",
    steps: [
      ...[1, 2, 3].map((i) => create(`probe-compact-${i}`, { compact: "yes-{{run}}" })),
      {
        method: "GET",
        path: `${WF}?labelSelector=compact%3Dyes-{{run}}&limit=2`,
        capture: { token: "metadata.continue" },
      },
      create("probe-compact-4", { other: "write" }),
      { action: "compact" },
      {
        method: "GET",
        path: `${WF}?labelSelector=compact%3Dyes-{{run}}&limit=2&continue={{token}}`,
        expect: {
          ...failure(
            410,
            "Expired",
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
          ),
          present: ["metadata.continue"],
        },
      },
      {
        method: "GET",
        path: `${WF}?resourceVersion=1&resourceVersionMatch=Exact`,
        expect: failure(410, "Expired", "The resourceVersion for the provided list is too old."),
      },
    ],
  },
];

export const WATCHES: ConformanceCase[] = [
  {
    name: "a watch from a compacted resourceVersion streams one 410 ERROR event (HTTP 200)",
    steps: [
      create("probe-watch-old"),
      { action: "compact" },
      {
        method: "GET",
        path: `${WF}?watch=1&resourceVersion=1&timeoutSeconds=2`,
        expect: {
          status: 200,
          events: [
            {
              type: "ERROR",
              object: {
                kind: "Status",
                apiVersion: "v1",
                status: "Failure",
                reason: "Expired",
                code: 410,
              },
            },
          ],
        },
      },
    ],
  },
  {
    name: "a watch from a resourceVersion replays every change after it; relabelled out of the selector is DELETED",
    steps: [
      {
        method: "GET",
        path: `${WF}?labelSelector=watched%3D{{run}}`,
        capture: { rv: "metadata.resourceVersion" },
      },
      create("probe-watched", { watched: "{{run}}" }),
      {
        method: "PATCH",
        path: `${WF}/probe-watched`,
        contentType: MERGE,
        body: { status: { phase: "Succeeded" } },
      },
      {
        method: "PATCH",
        path: `${WF}/probe-watched`,
        contentType: MERGE,
        body: { metadata: { labels: { watched: "elsewhere" } } },
      },
      { method: "DELETE", path: `${WF}/probe-watched` },
      {
        method: "GET",
        path: `${WF}?watch=1&resourceVersion={{rv}}&labelSelector=watched%3D{{run}}&timeoutSeconds=1`,
        expect: {
          status: 200,
          events: [
            {
              type: "ADDED",
              object: { metadata: { name: "probe-watched", labels: { watched: "{{run}}" } } },
            },
            {
              type: "MODIFIED",
              object: { metadata: { name: "probe-watched" }, status: { phase: "Succeeded" } },
            },
            // Relabelled out: DELETED with the labels it had while it matched; its real delete is not seen.
            {
              type: "DELETED",
              object: { metadata: { name: "probe-watched", labels: { watched: "{{run}}" } } },
            },
          ],
        },
      },
    ],
  },
  {
    name: "a watch from a future resourceVersion streams nothing until its timeout",
    steps: [
      {
        method: "GET",
        path: `${WF}?watch=1&resourceVersion=999999999&timeoutSeconds=1`,
        expect: { status: 200, text: "" },
      },
    ],
  },
];
