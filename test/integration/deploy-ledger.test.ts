// (In the integration project: kubectl comes with the envtest binaries its setup builds.)
// The run ledger on a cluster install: deploy/base reads a managed database's URL from a
// Secret, the example overlay runs a PostgreSQL (deploy/postgresql) that every replica shares,
// on a persistent volume, at Pod Security restricted; the kube-apiserver accepts it all.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { check, levelPolicy } from "../definitions/admission-fixtures.ts";
import { kubectl, type Manifest, render } from "../deploy/render.ts";
import { realTarget } from "../support/cluster-target.ts";

type SecretRef = { secretKeyRef?: { name: string; key: string } };
type EnvVar = { name: string; value?: string; valueFrom?: SecretRef };
interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  ports?: Array<{ name?: string; containerPort: number }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  securityContext?: Record<string, unknown>;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name: string } & Record<string, unknown>>;
  securityContext?: Record<string, unknown>;
  [key: string]: unknown;
}
type Labels = Record<string, string>;
type Workload = Manifest & {
  spec: {
    replicas: number;
    selector: { matchLabels: Labels };
    serviceName?: string;
    template: { metadata: { labels: Labels }; spec: PodSpec };
    volumeClaimTemplates?: Array<{
      metadata: { name: string };
      spec: { accessModes: string[]; resources: { requests: { storage?: string } } };
    }>;
  };
};
type Service = Manifest & {
  spec: {
    clusterIP?: string;
    selector: Labels;
    ports: Array<{ port: number; targetPort: string | number }>;
  };
};
type NetworkPolicy = Manifest & {
  spec: {
    podSelector: { matchLabels: Labels };
    ingress: Array<{
      from: Array<{ podSelector: { matchLabels: Labels } }>;
      ports: Array<{ port: number }>;
    }>;
  };
};

const base = render("base");
const overlay = render("overlays/example");

function find<T extends Manifest>(manifests: Manifest[], kind: string, name: string): T {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as T;
}
const coxswainOf = (manifests: Manifest[]) => {
  const deployment = find<Workload>(manifests, "Deployment", "coxswain");
  const container = deployment.spec.template.spec.containers.find((c) => c.name === "coxswain");
  if (!container) throw new Error("no coxswain container");
  return { deployment, env: container.env ?? [] };
};
const postgresql = find<Workload>(overlay, "StatefulSet", "coxswain-postgresql");
const [database] = postgresql.spec.template.spec.containers;
const databaseEnv = (name: string) => database?.env?.find((e) => e.name === name);
/** Whether a label selector selects pods carrying `labels`. */
const selects = (selector: Labels, labels: Labels) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe("the run ledger on a cluster install", () => {
  it("deploy/base gives every replica the managed database's URL from the Secret coxswain-ledger, never a file in the pod", () => {
    const ledger = coxswainOf(base).env.filter((e) => e.name === "COXSWAIN_LEDGER");
    expect(ledger).toEqual([
      {
        name: "COXSWAIN_LEDGER",
        valueFrom: { secretKeyRef: { name: "coxswain-ledger", key: "url" } },
      },
    ]);
  });

  it("the example overlay keeps history in one PostgreSQL, pinned by version, on a persistent volume", () => {
    expect(postgresql.metadata.namespace).toBe("coxswain");
    expect(postgresql.spec.replicas).toBe(1);
    expect(database?.image).toMatch(/^docker\.io\/library\/postgres:\d+\.\d+-bookworm$/);
    const claims = postgresql.spec.volumeClaimTemplates ?? [];
    const data = database?.volumeMounts?.find((m) =>
      claims.some((c) => c.metadata.name === m.name),
    );
    const pgdata = databaseEnv("PGDATA")?.value ?? "";
    expect(data && pgdata.startsWith(`${data.mountPath}/`), `PGDATA ${pgdata} on a claim`).toBe(
      true,
    );
    const claim = claims.find((c) => c.metadata.name === data?.name);
    expect(claim?.spec.accessModes).toEqual(["ReadWriteOnce"]);
    expect(claim?.spec.resources.requests.storage).toMatch(/^\d+Gi$/);
    // Nothing from the data folder is an emptyDir of the pod.
    expect(postgresql.spec.template.spec.volumes?.map((v) => v.name)).not.toContain(data?.name);
  });

  it("builds each replica's ledger URL from the password Secret, defined before it so Kubernetes expands it, for the Service, user and database PostgreSQL has", () => {
    const { env } = coxswainOf(overlay);
    const at = env.findIndex((e) => e.name === "COXSWAIN_LEDGER");
    const ledger = env[at];
    expect(ledger?.valueFrom).toBeUndefined();
    const url = /^postgres:\/\/([^:]+):\$\(([A-Z_]+)\)@([^:/]+):(\d+)\/([^/?]+)$/.exec(
      ledger?.value ?? "",
    );
    expect(url, ledger?.value).not.toBeNull();
    const [, user, variable, host, port, db] = url ?? [];
    const password = env.findIndex((e) => e.name === variable);
    expect(password, `${variable} defined before COXSWAIN_LEDGER`).toBeGreaterThanOrEqual(0);
    expect(password).toBeLessThan(at);
    const secret = { secretKeyRef: { name: "coxswain-postgresql", key: "password" } };
    expect(env[password]?.valueFrom).toEqual(secret);
    expect(databaseEnv("POSTGRES_PASSWORD")?.valueFrom).toEqual(secret);
    expect([user, db]).toEqual([
      databaseEnv("POSTGRES_USER")?.value,
      databaseEnv("POSTGRES_DB")?.value,
    ]);

    const service = find<Service>(overlay, "Service", host ?? "");
    expect(service.metadata.namespace).toBe(postgresql.metadata.namespace);
    expect(postgresql.spec.serviceName).toBe(host);
    expect(service.spec.clusterIP).toBe("None");
    expect(selects(service.spec.selector, postgresql.spec.template.metadata.labels)).toBe(true);
    const servicePort = service.spec.ports.find((p) => p.port === Number(port));
    expect(database?.ports?.find((p) => p.name === servicePort?.targetPort)?.containerPort).toBe(
      5432,
    );

    // As Kubernetes expands it with a password made as the README says (hex).
    const made = randomBytes(32).toString("hex");
    const expanded = new URL((ledger?.value ?? "").replace(`$(${variable})`, made));
    expect([expanded.username, expanded.password, expanded.hostname]).toEqual([user, made, host]);
  });

  it("keeps coxswain's selectors and PostgreSQL's apart, and lets only coxswain's pods reach the database", () => {
    const { deployment } = coxswainOf(overlay);
    const coxswainPods = deployment.spec.template.metadata.labels;
    const databasePods = postgresql.spec.template.metadata.labels;
    const coxswainSelectors = [
      deployment.spec.selector.matchLabels,
      find<Service>(overlay, "Service", "coxswain").spec.selector,
      (find(overlay, "PodDisruptionBudget", "coxswain") as Workload).spec.selector.matchLabels,
    ];
    for (const selector of coxswainSelectors) expect(selects(selector, databasePods)).toBe(false);
    expect(selects(postgresql.spec.selector.matchLabels, coxswainPods)).toBe(false);

    const policy = find<NetworkPolicy>(overlay, "NetworkPolicy", "coxswain-postgresql");
    expect(selects(policy.spec.podSelector.matchLabels, databasePods)).toBe(true);
    expect(policy.spec.ingress).toHaveLength(1);
    const [rule] = policy.spec.ingress;
    expect(rule?.from.map((f) => selects(f.podSelector.matchLabels, coxswainPods))).toEqual([true]);
    expect(rule?.ports.map((p) => p.port)).toEqual([5432]);
  });

  it("runs PostgreSQL's pod at Pod Security restricted, as coxswain's own admission check reads a pod", () => {
    const pod = postgresql.spec.template.spec;
    // The pod spec's fields that the check below is given; any other field must be added here.
    const read = ["containers", "securityContext", "volumes", "automountServiceAccountToken"];
    const ignored = ["enableServiceLinks", "terminationGracePeriodSeconds"];
    expect(Object.keys(pod).filter((key) => ![...read, ...ignored].includes(key))).toEqual([]);
    // The same pod as the one container template of a WorkflowTemplate, whose runs the check
    // holds to Kubernetes' Pod Security Standards; the claims become the pod's PVC volumes.
    const asTemplate = (spec: PodSpec) => ({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: "postgresql" },
      spec: {
        entrypoint: "postgresql",
        securityContext: spec.securityContext,
        automountServiceAccountToken: spec.automountServiceAccountToken,
        volumes: [
          ...(spec.volumes ?? []),
          ...(postgresql.spec.volumeClaimTemplates ?? []).map((c) => ({
            name: c.metadata.name,
            persistentVolumeClaim: { claimName: c.metadata.name },
          })),
        ],
        templates: spec.containers.map((container) => ({
          name: container.name,
          container,
        })),
      },
    });
    expect(check(asTemplate(pod), levelPolicy("restricted"))).toEqual([]);

    const escalating = structuredClone(pod);
    for (const container of escalating.containers)
      container.securityContext = { ...container.securityContext, allowPrivilegeEscalation: true };
    expect(check(asTemplate(escalating), levelPolicy("restricted")).map((p) => p.message)).toEqual([
      expect.stringContaining("forbids privilege escalation"),
    ]);
  });

  it("says in the README which Secrets to create, as the manifests name them", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(
      'create secret generic coxswain-postgresql \\\n     --from-literal=password="$(openssl rand -hex 32)"',
    );
    expect(readme).toMatch(
      /create secret generic coxswain-ledger \\\n\s+--from-literal=url='postgres:\/\//,
    );
  });

  it("is accepted by the kube-apiserver: what the example overlay puts in coxswain's namespace, applied there", async () => {
    const info = inject("realCluster");
    const namespace = await realTarget(info).namespace("coxswain");
    // policy/v1 PodDisruptionBudgets are served from Kubernetes 1.21 on (what the README asks
    // for); this server is 1.20.
    const served = (m: Manifest) => `${m.apiVersion}/${m.kind}` !== "policy/v1/PodDisruptionBudget";
    const items = overlay
      .filter((m) => m.metadata.namespace === "coxswain" && served(m))
      .map((m) => ({ ...m, metadata: { ...m.metadata, namespace } }));
    expect(items).toHaveLength(
      overlay.filter((m) => m.metadata.namespace === "coxswain").length - 1,
    );
    const kubeconfig = `--kubeconfig=${info.kubeconfigPath}`;
    const applied = kubectl(
      [kubeconfig, "apply", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items }),
    );
    for (const kind of ["statefulset.apps", "service", "networkpolicy.networking.k8s.io"])
      expect(applied).toContain(`${kind}/coxswain-postgresql created`);
    expect(applied).toContain("deployment.apps/coxswain created");

    const stored = JSON.parse(
      kubectl([kubeconfig, "-n", namespace, "get", "statefulset,deployment", "-o", "json"]),
    ) as { items: Workload[] };
    const statefulSet = stored.items.find((m) => m.kind === "StatefulSet");
    expect(statefulSet?.spec.volumeClaimTemplates?.[0]?.spec.resources.requests.storage).toBe(
      "10Gi",
    );
    const deployment = stored.items.find((m) => m.kind === "Deployment");
    const names = deployment?.spec.template.spec.containers[0]?.env?.map((e) => e.name) ?? [];
    expect(names.indexOf("COXSWAIN_POSTGRES_PASSWORD")).toBeLessThan(
      names.indexOf("COXSWAIN_LEDGER"),
    );
    expect(names.indexOf("COXSWAIN_POSTGRES_PASSWORD")).toBeGreaterThanOrEqual(0);
  });
});
