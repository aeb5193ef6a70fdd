// Server-side apply: create, no-op, conflicts, force, pruning, dryRun.
import type { ConformanceCase } from "../conformance.ts";
import { apply, failure, notFound, ssaBody, WF, workflow } from "./fixtures.ts";

export const SSA: ConformanceCase[] = [
  {
    name: "server-side apply creates (201), re-applies as a no-op (same resourceVersion), and conflicts without force",
    needs: ["fullCrds"],
    steps: [
      apply("probe-ssa", "?fieldManager=ts-app", ssaBody("probe-ssa"), {
        status: 201,
        body: {
          metadata: {
            name: "probe-ssa",
            generation: 1,
            managedFields: [{ manager: "ts-app", operation: "Apply", fieldsType: "FieldsV1" }],
          },
        },
      }),
      {
        ...apply("probe-ssa", "?fieldManager=ts-app", ssaBody("probe-ssa")),
        capture: { rv: "metadata.resourceVersion" },
      },
      apply("probe-ssa", "?fieldManager=ts-app", ssaBody("probe-ssa"), {
        status: 200,
        body: { metadata: { resourceVersion: "{{rv}}", generation: 1 } },
      }),
      apply(
        "probe-ssa",
        "?fieldManager=intruder",
        ssaBody("probe-ssa", "other"),
        failure(
          409,
          "Conflict",
          'Apply failed with 1 conflict: conflict with "ts-app": .spec.entrypoint',
          {
            causes: [
              {
                reason: "FieldManagerConflict",
                message: 'conflict with "ts-app"',
                field: ".spec.entrypoint",
              },
            ],
          },
        ),
      ),
      apply("probe-ssa", "?fieldManager=intruder&force=true", ssaBody("probe-ssa", "other"), {
        status: 200,
        body: {
          metadata: {
            generation: 2,
            managedFields: [
              { manager: "intruder", operation: "Apply" },
              { manager: "ts-app", operation: "Apply" },
            ],
          },
          spec: { entrypoint: "other" },
        },
      }),
    ],
  },
  {
    name: "server-side apply accepts a JSON body and removes fields the manager stopped applying",
    steps: [
      apply(
        "probe-ssa-json",
        "?fieldManager=ts-app",
        ssaBody("probe-ssa-json", "main", "{app: ts-probe, extra: x}"),
      ),
      apply(
        "probe-ssa-json",
        "?fieldManager=ts-app",
        JSON.stringify(workflow("probe-ssa-json", { app: "ts-probe" })) as string,
        {
          status: 200,
          body: { metadata: { labels: { app: "ts-probe" } } },
          absent: ["metadata.labels.extra"],
        },
      ),
    ],
  },
  {
    name: "server-side apply without fieldManager answers 422 Invalid",
    steps: [
      apply(
        "probe-ssa-nomgr",
        "",
        ssaBody("probe-ssa-nomgr"),
        failure(
          422,
          "Invalid",
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          {
            group: "meta.k8s.io",
            kind: "PatchOptions",
            causes: [
              {
                reason: "FieldValueRequired",
                message: "Required value: is required for apply patch",
                field: "fieldManager",
              },
            ],
          },
        ),
      ),
    ],
  },
  {
    name: "server-side apply with a name that differs from the URL answers 400",
    steps: [
      apply(
        "probe-ssa-name",
        "?fieldManager=ts-app",
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: other-name}\nspec: {entrypoint: main}\n",
        failure(
          400,
          "BadRequest",
          "the name of the object (other-name) does not match the name on the URL (probe-ssa-name)",
        ),
      ),
    ],
  },
  {
    name: "a dry-run apply answers 201 without a resourceVersion and stores nothing",
    steps: [
      apply("probe-ssa-dry", "?fieldManager=ts-app&dryRun=All", ssaBody("probe-ssa-dry"), {
        status: 201,
        body: { metadata: { managedFields: [{ manager: "ts-app", operation: "Apply" }] } },
        absent: ["metadata.resourceVersion"],
      }),
      { method: "GET", path: `${WF}/probe-ssa-dry`, expect: notFound("probe-ssa-dry") },
    ],
  },
  {
    name: "a forced apply naming a resourceVersion the object no longer has answers 409 Conflict and changes nothing",
    steps: [
      {
        ...apply("probe-ssa-rv", "?fieldManager=ts-app", ssaBody("probe-ssa-rv")),
        capture: { rv: "metadata.resourceVersion" },
      },
      apply("probe-ssa-rv", "?fieldManager=ts-app", ssaBody("probe-ssa-rv", "second")),
      apply(
        "probe-ssa-rv",
        "?fieldManager=ts-app&force=true",
        ssaBody("probe-ssa-rv", "third").replace(
          "  name: probe-ssa-rv\n",
          '  name: probe-ssa-rv\n  resourceVersion: "{{rv}}"\n',
        ),
        failure(
          409,
          "Conflict",
          'Operation cannot be fulfilled on workflows.argoproj.io "probe-ssa-rv": the object has been modified; please apply your changes to the latest version and try again',
          { name: "probe-ssa-rv", group: "argoproj.io", kind: "workflows" },
        ),
      ),
      {
        method: "GET",
        path: `${WF}/probe-ssa-rv`,
        expect: { status: 200, body: { spec: { entrypoint: "second" } } },
      },
    ],
  },
];
