// Deletes: preconditions, propagation policies, garbage collection, collections.
import type { ConformanceCase } from "../conformance.ts";
import { CM, create, failure, notFound, WF } from "./fixtures.ts";

export const DELETES: ConformanceCase[] = [
  {
    name: "a delete with a wrong uid precondition answers 409 Conflict",
    steps: [
      create("probe-del-uid", undefined, { uid: "metadata.uid" }),
      {
        method: "DELETE",
        path: `${WF}/probe-del-uid`,
        body: {
          kind: "DeleteOptions",
          apiVersion: "v1",
          preconditions: { uid: "00000000-0000-0000-0000-000000000000" },
        },
        expect: failure(
          409,
          "Conflict",
          'Operation cannot be fulfilled on Workflow.argoproj.io "probe-del-uid": the UID in the precondition (00000000-0000-0000-0000-000000000000) does not match the UID in record ({{uid}}). The object might have been deleted and then recreated',
          { name: "probe-del-uid", group: "argoproj.io", kind: "Workflow" },
        ),
      },
    ],
  },
  {
    name: "a foreground delete answers the object with its finalizer, then the owner and its dependents go",
    steps: [
      create("probe-del-fg", undefined, { uid: "metadata.uid" }),
      {
        method: "POST",
        path: CM,
        body: {
          metadata: {
            name: "probe-child-fg",
            ownerReferences: [
              {
                apiVersion: "argoproj.io/v1alpha1",
                kind: "Workflow",
                name: "probe-del-fg",
                uid: "{{uid}}",
              },
            ],
          },
        },
      },
      {
        method: "DELETE",
        path: `${WF}/probe-del-fg`,
        body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Foreground" },
        expect: {
          status: 200,
          body: {
            kind: "Workflow",
            metadata: { name: "probe-del-fg", finalizers: ["foregroundDeletion"], generation: 2 },
          },
          present: ["metadata.deletionTimestamp"],
        },
      },
      {
        method: "GET",
        path: `${WF}/probe-del-fg`,
        expect: notFound("probe-del-fg"),
        retryForMs: 10_000,
      },
      {
        method: "GET",
        path: `${CM}/probe-child-fg`,
        expect: failure(404, "NotFound", 'configmaps "probe-child-fg" not found', {
          name: "probe-child-fg",
          kind: "configmaps",
        }),
        retryForMs: 10_000,
      },
    ],
  },
  {
    name: "an orphan delete answers the object with the orphan finalizer and leaves dependents",
    steps: [
      create("probe-del-orphan", undefined, { uid: "metadata.uid" }),
      {
        method: "POST",
        path: CM,
        body: {
          metadata: {
            name: "probe-child-orphan",
            ownerReferences: [
              {
                apiVersion: "argoproj.io/v1alpha1",
                kind: "Workflow",
                name: "probe-del-orphan",
                uid: "{{uid}}",
              },
            ],
          },
        },
      },
      {
        method: "DELETE",
        path: `${WF}/probe-del-orphan?propagationPolicy=Orphan`,
        expect: {
          status: 200,
          body: { metadata: { finalizers: ["orphan"] } },
          present: ["metadata.deletionTimestamp"],
        },
      },
      {
        method: "GET",
        path: `${WF}/probe-del-orphan`,
        expect: notFound("probe-del-orphan"),
        retryForMs: 10_000,
      },
      {
        method: "GET",
        path: `${CM}/probe-child-orphan`,
        expect: { status: 200, absent: ["metadata.ownerReferences"] },
        retryForMs: 10_000,
      },
    ],
  },
  {
    name: "a background delete answers Status Success with the uid and the dependents go later",
    steps: [
      create("probe-del-bg", undefined, { uid: "metadata.uid" }),
      {
        method: "POST",
        path: CM,
        body: {
          metadata: {
            name: "probe-child-bg",
            ownerReferences: [
              {
                apiVersion: "argoproj.io/v1alpha1",
                kind: "Workflow",
                name: "probe-del-bg",
                uid: "{{uid}}",
              },
            ],
          },
        },
      },
      {
        method: "DELETE",
        path: `${WF}/probe-del-bg`,
        body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Background" },
        expect: {
          status: 200,
          body: {
            kind: "Status",
            apiVersion: "v1",
            metadata: {},
            status: "Success",
            details: {
              name: "probe-del-bg",
              group: "argoproj.io",
              kind: "workflows",
              uid: "{{uid}}",
            },
          },
        },
      },
      { method: "GET", path: `${WF}/probe-del-bg`, expect: notFound("probe-del-bg") },
      { method: "GET", path: `${CM}/probe-child-bg`, expect: { status: 404 }, retryForMs: 10_000 },
    ],
  },
  {
    name: "delete without a body, of a missing object, with a bad policy, and as a dry run",
    steps: [
      create("probe-del-plain", undefined, { uid: "metadata.uid" }),
      create("probe-del-dry"),
      {
        method: "DELETE",
        path: `${WF}/probe-del-plain`,
        expect: { status: 200, body: { status: "Success", details: { uid: "{{uid}}" } } },
      },
      { method: "DELETE", path: `${WF}/does-not-exist`, expect: notFound("does-not-exist") },
      {
        method: "DELETE",
        path: `${WF}/probe-del-dry?propagationPolicy=Sideways`,
        expect: failure(
          422,
          "Invalid",
          'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
          { group: "meta.k8s.io", kind: "DeleteOptions" },
        ),
      },
      {
        method: "DELETE",
        path: `${WF}/probe-del-dry?dryRun=All`,
        expect: { status: 200, body: { status: "Success", details: { name: "probe-del-dry" } } },
      },
      { method: "GET", path: `${WF}/probe-del-dry`, expect: { status: 200 } },
    ],
  },
  {
    name: "a collection delete by label answers the list of what it deleted",
    steps: [
      create("probe-coll-1", { coll: "yes-{{run}}" }),
      create("probe-coll-2", { coll: "yes-{{run}}" }),
      {
        method: "DELETE",
        path: `${WF}?labelSelector=coll%3Dyes-{{run}}`,
        expect: {
          status: 200,
          body: { kind: "WorkflowList" },
          itemNames: ["probe-coll-1", "probe-coll-2"],
        },
      },
      {
        method: "GET",
        path: `${WF}?labelSelector=coll%3Dyes-{{run}}`,
        expect: { status: 200, itemNames: [] },
        retryForMs: 10_000,
      },
    ],
  },
];
