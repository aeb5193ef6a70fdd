// Merge and JSON patches, unsupported patch types, PUT and optimistic concurrency.
import type { ConformanceCase } from "../conformance.ts";
import {
  create,
  failure,
  MERGE,
  notFound,
  UNSUPPORTED,
  WF,
  wfDetails,
  workflow,
} from "./fixtures.ts";

export const PATCHES: ConformanceCase[] = [
  {
    name: "merge patches add labels, delete with null, and a status write bumps the generation",
    steps: [
      create("probe-merge", { app: "ts-probe", gone: "soon" }),
      {
        method: "PATCH",
        path: `${WF}/probe-merge`,
        contentType: MERGE,
        body: { metadata: { labels: { extra: "x", gone: null } } },
        expect: {
          status: 200,
          body: { metadata: { generation: 1, labels: { app: "ts-probe", extra: "x" } } },
          absent: ["metadata.labels.gone"],
        },
      },
      {
        method: "PATCH",
        path: `${WF}/probe-merge`,
        contentType: MERGE,
        body: { status: { phase: "Succeeded", finishedAt: "2024-01-01T00:00:00Z" } },
        expect: {
          status: 200,
          body: { metadata: { generation: 2 }, status: { phase: "Succeeded" } },
        },
      },
    ],
  },
  {
    name: "the status subresource does not exist on Argo's CRDs",
    steps: [
      create("probe-status"),
      {
        method: "PATCH",
        path: `${WF}/probe-status/status`,
        contentType: MERGE,
        body: { status: { phase: "Failed" } },
        expect: notFound("probe-status"),
      },
      { method: "GET", path: `${WF}/probe-status/status`, expect: notFound("probe-status") },
    ],
  },
  {
    name: "strategic merge patch and plain JSON patch bodies answer 415",
    steps: [
      create("probe-smp"),
      {
        method: "PATCH",
        path: `${WF}/probe-smp`,
        contentType: "application/strategic-merge-patch+json",
        body: { metadata: { labels: { smp: "y" } } },
        expect: failure(415, "UnsupportedMediaType", UNSUPPORTED),
      },
      {
        method: "PATCH",
        path: `${WF}/probe-smp`,
        contentType: "application/json",
        body: { metadata: { labels: { a: "b" } } },
        expect: failure(415, "UnsupportedMediaType", UNSUPPORTED),
      },
    ],
  },
  {
    name: "a JSON patch applies, and a failing test operation answers 422",
    steps: [
      create("probe-jsonpatch"),
      {
        method: "PATCH",
        path: `${WF}/probe-jsonpatch`,
        contentType: "application/json-patch+json",
        body: [{ op: "add", path: "/metadata/labels/jp", value: "z" }],
        expect: { status: 200, body: { metadata: { labels: { jp: "z" } } } },
      },
      {
        method: "PATCH",
        path: `${WF}/probe-jsonpatch`,
        contentType: "application/json-patch+json",
        body: [
          { op: "test", path: "/metadata/labels/jp", value: "nope" },
          { op: "replace", path: "/metadata/labels/jp", value: "y" },
        ],
        expect: {
          ...failure(
            422,
            "Invalid",
            "the server rejected our request due to an error in our request",
            {},
          ),
        },
      },
    ],
  },
  {
    name: "patching a missing object answers 404, and a schema-invalid value 422",
    needs: ["fullCrds"],
    steps: [
      create("probe-badpatch"),
      {
        method: "PATCH",
        path: `${WF}/does-not-exist`,
        contentType: MERGE,
        body: { metadata: { labels: { a: "b" } } },
        expect: notFound("does-not-exist"),
      },
      {
        method: "PATCH",
        path: `${WF}/probe-badpatch`,
        contentType: MERGE,
        body: { spec: { entrypoint: 42 } },
        expect: failure(
          422,
          "Invalid",
          'Workflow.argoproj.io "probe-badpatch" is invalid: spec.entrypoint: Invalid value: "integer": spec.entrypoint in body must be of type string: "integer"',
          { name: "probe-badpatch", group: "argoproj.io", kind: "Workflow" },
        ),
      },
    ],
  },
  {
    name: "PUT needs the current resourceVersion: stale 409, missing 422, absent object 404",
    steps: [
      create("probe-put", { app: "ts-probe" }, { rv: "metadata.resourceVersion" }),
      {
        method: "PUT",
        path: `${WF}/probe-put`,
        body: {
          ...workflow("probe-put", { put: "1" }),
          metadata: { name: "probe-put", labels: { put: "1" }, resourceVersion: "{{rv}}" },
        },
        expect: { status: 200, body: { metadata: { labels: { put: "1" } } } },
      },
      {
        method: "PUT",
        path: `${WF}/probe-put`,
        body: {
          ...workflow("probe-put"),
          metadata: { name: "probe-put", resourceVersion: "{{rv}}" },
        },
        expect: failure(
          409,
          "Conflict",
          'Operation cannot be fulfilled on workflows.argoproj.io "probe-put": the object has been modified; please apply your changes to the latest version and try again',
          wfDetails("probe-put"),
        ),
      },
      {
        method: "PUT",
        path: `${WF}/probe-put`,
        body: workflow("probe-put"),
        expect: failure(
          422,
          "Invalid",
          'workflows.argoproj.io "probe-put" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
          {
            ...wfDetails("probe-put"),
            causes: [
              {
                reason: "FieldValueInvalid",
                message: "Invalid value: 0x0: must be specified for an update",
                field: "metadata.resourceVersion",
              },
            ],
          },
        ),
      },
      {
        method: "PUT",
        path: `${WF}/probe-put-new`,
        body: workflow("probe-put-new"),
        expect: notFound("probe-put-new"),
      },
    ],
  },
];
