// A run named in Slack (`name`, or `namespace/name` when the name is not unique), found across
// the namespaces coxswain manages; its repository is the one its signed identity names.
import type { ArgoObject } from "../cluster/argo-kinds.ts";
import { annotationKeys, managedSelector } from "../cluster/labels.ts";
import { checkRunIdentity } from "../runs/run-identity.ts";
import type { Services } from "../use-cases/services.ts";

export type LocatedRun =
  | { ok: true; namespace: string; name: string; repository: string }
  | { ok: false; problem: string };

export async function locateRun(
  runRef: string,
  services: Pick<Services, "cluster" | "server" | "signer">,
): Promise<LocatedRun> {
  const [namespace, name] = runRef.includes("/") ? runRef.split("/", 2) : [undefined, runRef];
  const matches: ArgoObject[] = [];
  for await (const run of services.cluster.list("Workflow", namespace, {
    labelSelector: managedSelector,
    fieldSelector: `metadata.name=${name}`,
  }))
    if (checkRunIdentity(services.signer, services.server, run).ok) matches.push(run);
  const [run, other] = matches;
  if (!run) return { ok: false, problem: `there is no run ${runRef}` };
  if (other) {
    const names = matches.map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
    return {
      ok: false,
      problem: `several runs are named ${name}: say which (${names.join(", ")})`,
    };
  }
  return {
    ok: true,
    namespace: run.metadata.namespace ?? "",
    name: run.metadata.name,
    repository: run.metadata.annotations?.[annotationKeys.repoFullName] ?? "",
  };
}
