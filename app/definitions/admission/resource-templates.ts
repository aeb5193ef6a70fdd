// Resource templates create, change or delete any Kubernetes object with the run's service
// account, so they act only on the kinds the repository's rule lists (none by default), in
// the repository's own namespace, with a manifest coxswain can read before the run.
import { isRecord } from "../../argo/lint/yaml-value.ts";
import type { SpecProblem } from "../../argo/spec-problem.ts";
import { type AdmissionContext, admissionError, sourceOwner } from "./admission-context.ts";
import { kubectlFlagProblems } from "./kubectl-flags.ts";
import { childOf, describePlace } from "./place.ts";
import { type ManifestObject, readManifest } from "./resource-manifest.ts";
import type { TemplateSite } from "./template-sites.ts";

export function resourceTemplateProblems(
  sites: TemplateSite[],
  context: AdmissionContext,
): SpecProblem[] {
  return sites.flatMap(({ template, place }) => {
    const resource = template.resource;
    if (!isRecord(resource)) return [];
    const resourcePlace = childOf(place, "resource");
    const problems = kubectlFlagProblems(resource.flags, childOf(resourcePlace, "flags"));
    if (resource.manifestFrom !== undefined) {
      const at = childOf(resourcePlace, "manifestFrom");
      const message = `${describePlace(at)} takes the manifest from an artifact, which coxswain cannot read before the run to check its kind and namespace; write the manifest in the template`;
      return [...problems, admissionError(at, message)];
    }
    if (typeof resource.manifest !== "string") return problems;
    const manifestPlace = childOf(resourcePlace, "manifest");
    const where = describePlace(manifestPlace);
    const read = readManifest(resource.manifest);
    if (!read.ok) return [...problems, admissionError(manifestPlace, `${where}: ${read.why}`)];
    for (const object of read.objects) {
      const refusal = objectRefusal(object, context);
      if (refusal) problems.push(admissionError(manifestPlace, `${where}: ${refusal}`));
    }
    return problems;
  });
}

function objectRefusal(object: ManifestObject, context: AdmissionContext): string | undefined {
  const kinds = context.admission.resourceKinds;
  const named = kindName(object);
  if (!kinds.includes(named)) {
    const list = kinds.length ? kinds.join(", ") : "none";
    return `${object.label} is a ${object.apiVersion} ${object.kind}, which this repository's resource templates may not act on (${sourceOwner(context)} resourceKinds: ${list}; this one would need ${JSON.stringify(named)})`;
  }
  const { namespace } = object;
  if (namespace === undefined || object.runNamespace) return undefined;
  if (
    typeof namespace !== "string" ||
    (context.namespace !== undefined && namespace !== context.namespace)
  ) {
    const own = context.namespace ? ` "${context.namespace}"` : "";
    return `${object.label} sets metadata.namespace ${JSON.stringify(namespace)}, not this repository's namespace${own}; leave it out (the run's namespace is used)`;
  }
  return undefined;
}

/** How the server policy names a kind: `ConfigMap` in the core group, `batch/Job` otherwise. */
function kindName({ apiVersion, kind }: ManifestObject): string {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? kind : `${apiVersion.slice(0, slash)}/${kind}`;
}
