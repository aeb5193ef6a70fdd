// Labels and annotations a repository may not set: coxswain's identity keys, which must be
// coxswain's own on every run (Argo copies workflowMetadata onto each Workflow it starts,
// over the keys coxswain set), and Argo's `workflows.argoproj.io/` keys, which steer Argo's
// controller (controller-instanceid picks the controller) and by which coxswain finds a
// run's pods. A definition's own metadata may carry Argo UI's documentation annotations.
import { isRecord } from "../../argo/lint/yaml-value.ts";
import type { SpecProblem } from "../../argo/spec-problem.ts";
import { isReservedKey } from "../../cluster/labels.ts";
import { admissionError } from "./admission-context.ts";
import { childOf, describePlace, type Place, placeAt } from "./place.ts";
import type { TemplateSite } from "./template-sites.ts";
import type { DefinitionDocument, WorkflowSpecAt } from "./workflow-spec.ts";

const argoPrefix = "workflows.argoproj.io/";

/** Argo UI shows these on a template; no controller reads them. */
export const argoDocumentationAnnotations = [
  "description",
  "title",
  "version",
  "maintainer",
  "maintainer_url",
  "tags",
].map((name) => `${argoPrefix}${name}`);

const keyKinds = { labels: "label", annotations: "annotation", labelsFrom: "label" } as const;
type KeyField = keyof typeof keyKinds;

interface KeyRule {
  /** Why coxswain's keys may not be set here. */
  coxswainWhy: string;
  /** Why Argo's keys may not be set here. */
  argoWhy: string;
  allowedArgoKeys?: string[];
}

const ownMetadata: KeyRule = {
  coxswainWhy: "coxswain sets it on what it syncs",
  argoWhy:
    "keys under workflows.argoproj.io/ are Argo's own (controller-instanceid, for one, picks the controller that runs it)",
  allowedArgoKeys: argoDocumentationAnnotations,
};
const workflowMetadata: KeyRule = {
  coxswainWhy:
    "Argo copies workflowMetadata onto every run, over the identity coxswain gives the run",
  argoWhy: "Argo copies workflowMetadata onto every run, where these keys steer Argo's controller",
};
const podMetadata: KeyRule = {
  coxswainWhy: "coxswain's keys mark what coxswain created",
  argoWhy: "Argo marks a run's pods with these, and coxswain finds a step's pod by them",
};

export function reservedKeyProblems(
  document: DefinitionDocument,
  specAt: WorkflowSpecAt | undefined,
  sites: TemplateSite[],
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const check = (holder: unknown, place: Place, rule: KeyRule, fields: KeyField[]) => {
    if (!isRecord(holder)) return;
    for (const field of fields)
      problems.push(...keyProblems(holder[field], childOf(place, field), field, rule));
  };
  const all: KeyField[] = ["labels", "annotations", "labelsFrom"];
  check(document.metadata, placeAt(["metadata"]), ownMetadata, ["labels", "annotations"]);
  if (document.kind === "CronWorkflow") {
    check(
      document.spec?.workflowMetadata,
      placeAt(["spec", "workflowMetadata"]),
      workflowMetadata,
      all,
    );
  }
  if (specAt) {
    check(
      specAt.spec.workflowMetadata,
      childOf(specAt.place, "workflowMetadata"),
      workflowMetadata,
      all,
    );
    check(specAt.spec.podMetadata, childOf(specAt.place, "podMetadata"), podMetadata, [
      "labels",
      "annotations",
    ]);
  }
  for (const { template, place } of sites) {
    check(template.metadata, childOf(place, "metadata"), podMetadata, ["labels", "annotations"]);
    check(template, place, podMetadata, ["annotations"]);
  }
  return problems;
}

function keyProblems(keys: unknown, place: Place, field: KeyField, rule: KeyRule): SpecProblem[] {
  if (!isRecord(keys)) return [];
  const kind = keyKinds[field];
  return Object.keys(keys).flatMap((key) => {
    const at = childOf(place, key);
    const where = `${kind} "${key}" in ${describePlace(place)}`;
    if (isReservedKey(key)) {
      return [
        admissionError(at, `${where} is reserved for coxswain: ${rule.coxswainWhy}; remove it`),
      ];
    }
    if (!key.startsWith(argoPrefix)) return [];
    // Documentation annotations only; a label with the same key is still Argo's.
    if (field === "annotations" && rule.allowedArgoKeys?.includes(key)) return [];
    const allowed =
      field === "annotations" && rule.allowedArgoKeys
        ? ` (Argo UI's documentation annotations are allowed: ${rule.allowedArgoKeys.map((name) => name.slice(argoPrefix.length)).join(", ")})`
        : "";
    return [
      admissionError(at, `${where} is reserved for Argo: ${rule.argoWhy}; remove it${allowed}`),
    ];
  });
}
