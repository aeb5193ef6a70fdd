// With Argo's minimal CRDs (../shared/argo/crds/) spec and status are untyped objects kept as
// sent and marked `x-kubernetes-map-type: atomic`: server-side apply owns each as one field.
// Checked against kube-apiserver v1.20.2 (the integration suite's envtest server).
import type { ConformanceCase } from "../conformance.ts";
import { apply, failure, MERGE, ssaBody, WF, workflow } from "./fixtures.ts";

export const MINIMAL_CRDS: ConformanceCase[] = [
  {
    name: "minimal CRDs: spec is untyped, so a non-string entrypoint and undeclared fields are stored as sent",
    needs: ["minimalCrds"],
    steps: [
      {
        method: "POST",
        path: WF,
        body: workflow("probe-untyped", {}, { entrypoint: 123, bogusField: "x", templates: [] }),
        expect: {
          status: 201,
          body: { spec: { entrypoint: 123, bogusField: "x", templates: [] } },
        },
      },
    ],
  },
  {
    name: "minimal CRDs: server-side apply owns spec whole: re-apply is a no-op, a conflict names .spec, force replaces it",
    needs: ["minimalCrds"],
    steps: [
      apply("probe-atomic", "?fieldManager=ts-app", ssaBody("probe-atomic"), {
        status: 201,
        body: {
          metadata: {
            generation: 1,
            managedFields: [{ manager: "ts-app", operation: "Apply", fieldsV1: { "f:spec": {} } }],
          },
        },
      }),
      {
        ...apply("probe-atomic", "?fieldManager=ts-app", ssaBody("probe-atomic")),
        capture: { rv: "metadata.resourceVersion" },
      },
      apply("probe-atomic", "?fieldManager=ts-app", ssaBody("probe-atomic"), {
        status: 200,
        body: { metadata: { resourceVersion: "{{rv}}", generation: 1 } },
      }),
      apply(
        "probe-atomic",
        "?fieldManager=intruder",
        ssaBody("probe-atomic", "other"),
        failure(409, "Conflict", 'Apply failed with 1 conflict: conflict with "ts-app": .spec', {
          causes: [
            { reason: "FieldManagerConflict", message: 'conflict with "ts-app"', field: ".spec" },
          ],
        }),
      ),
      apply("probe-atomic", "?fieldManager=intruder&force=true", ssaBody("probe-atomic", "other"), {
        status: 200,
        body: { metadata: { generation: 2 }, spec: { entrypoint: "other" } },
      }),
    ],
  },
  {
    name: "minimal CRDs: a merge patch of one spec field by another manager takes the whole spec",
    needs: ["minimalCrds"],
    steps: [
      apply("probe-taken", "?fieldManager=ts-app", ssaBody("probe-taken")),
      {
        method: "PATCH",
        path: `${WF}/probe-taken?fieldManager=kubectl-edit`,
        contentType: MERGE,
        body: { spec: { entrypoint: "edited" } },
        expect: {
          status: 200,
          body: {
            metadata: {
              managedFields: [
                {
                  manager: "ts-app",
                  operation: "Apply",
                  fieldsV1: { "f:metadata": { "f:labels": { "f:app": {} } } },
                },
                { manager: "kubectl-edit", operation: "Update", fieldsV1: { "f:spec": {} } },
              ],
            },
          },
        },
      },
      apply(
        "probe-taken",
        "?fieldManager=ts-app",
        ssaBody("probe-taken"),
        failure(
          409,
          "Conflict",
          'Apply failed with 1 conflict: conflict with "kubectl-edit" using argoproj.io/v1alpha1: .spec',
          {
            causes: [
              {
                reason: "FieldManagerConflict",
                message: 'conflict with "kubectl-edit" using argoproj.io/v1alpha1',
                field: ".spec",
              },
            ],
          },
        ),
      ),
    ],
  },
];
