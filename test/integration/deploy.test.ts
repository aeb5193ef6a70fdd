// (In the integration project: kubectl comes with the envtest binaries its setup builds.)
// deploy/: the kustomization renders, every manifest is valid by Kubernetes' own schemas, the
// RBAC grants exactly the calls the code makes, and the Dockerfile runs what `npm start` runs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseServerPolicy } from "../../app/config/server-policy.ts";
import { type ApiUse, codeApiCalls } from "../deploy/code-api-calls.ts";
import { validateManifest } from "../deploy/kubernetes-models.ts";
import { deployDir, type Manifest, render } from "../deploy/render.ts";

type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[] };
type Binding = Manifest & {
  roleRef: { kind: string; name: string };
  subjects: Array<{ kind: string; name: string; namespace?: string }>;
};

const kinds = (manifests: Manifest[]) =>
  manifests
    .map(
      (m) =>
        `${m.kind}/${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name}`,
    )
    .sort();

describe.each(["base", "postgresql", "overlays/example"])("deploy/%s", (kustomization) => {
  const manifests = render(kustomization);

  it("renders manifests that Kubernetes' schemas accept", () => {
    expect(manifests.length).toBeGreaterThan(5);
    for (const manifest of manifests) {
      expect(
        () => validateManifest(manifest),
        `${manifest.kind} ${manifest.metadata.name}`,
      ).not.toThrow();
    }
  });

  it("runs two non-root replicas with a read-only root filesystem, probes and resource requests", () => {
    const deployment = manifests.find((m) => m.kind === "Deployment") as Manifest & {
      spec: {
        replicas: number;
        template: {
          spec: {
            securityContext: { runAsNonRoot: boolean };
            containers: Array<{
              image: string;
              securityContext: {
                readOnlyRootFilesystem: boolean;
                allowPrivilegeEscalation: boolean;
              };
              readinessProbe: { httpGet: { path: string } };
              livenessProbe: { httpGet: { path: string } };
              resources: { requests: Record<string, string> };
            }>;
          };
        };
      };
    };
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.metadata.namespace).toBe("coxswain");
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(container?.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container?.livenessProbe.httpGet.path).toBe("/healthz");
    expect(Object.keys(container?.resources.requests ?? {}).sort()).toEqual(["cpu", "memory"]);
    if (kustomization === "overlays/example")
      expect(container?.image).toBe("ghcr.io/acme/coxswain:0.1.0");
    expect(kinds(manifests)).toContain("PodDisruptionBudget/coxswain/coxswain");
    expect(kinds(manifests)).toContain("Service/coxswain/coxswain");
  });

  it("carries a server policy that coxswain accepts", () => {
    const configMap = manifests.find((m) => m.kind === "ConfigMap") as Manifest & {
      data: { "policy.yaml": string };
    };
    const policy = parseServerPolicy(configMap.data["policy.yaml"], "policy.yaml");
    expect(policy.ok, policy.ok ? "" : policy.error).toBe(true);
  });
});

describe("RBAC", () => {
  const manifests = render("overlays/example");
  const roles = new Map(
    manifests
      .filter((m) => m.kind === "ClusterRole" || m.kind === "Role")
      .map((m) => [`${m.kind}/${m.metadata.name}`, (m as Manifest & { rules: Rule[] }).rules]),
  );
  const bindings = manifests.filter(
    (m): m is Binding =>
      (m.kind === "ClusterRoleBinding" || m.kind === "RoleBinding") &&
      (m as Binding).subjects.some(
        (s) => s.kind === "ServiceAccount" && s.name === "coxswain" && s.namespace === "coxswain",
      ),
  );
  const grants: Array<ApiUse & { via: string }> = bindings.flatMap((binding) =>
    (roles.get(`${binding.roleRef.kind}/${binding.roleRef.name}`) ?? []).flatMap((rule) =>
      (rule.apiGroups ?? []).flatMap((group) =>
        (rule.resources ?? []).flatMap((resource) =>
          (rule.verbs ?? []).map((verb) => ({
            group,
            resource,
            verb,
            clusterWide: binding.kind === "ClusterRoleBinding",
            via: `${binding.kind}/${binding.metadata.name}`,
          })),
        ),
      ),
    ),
  );
  const key = (use: ApiUse) => `${use.verb} ${use.group || "core"}/${use.resource}`;
  const { uses, unknown } = codeApiCalls();

  it("knows every Kubernetes API call the code makes", () => {
    expect(unknown, "add these client-node methods to test/deploy/code-api-calls.ts").toEqual([]);
    expect(uses.length).toBeGreaterThan(0);
  });

  it("grants every call the code makes (cluster-wide where the code lists or watches every namespace)", () => {
    const missing = uses.filter(
      (use) =>
        !grants.some((grant) => key(grant) === key(use) && (grant.clusterWide || !use.clusterWide)),
    );
    expect(missing.map(key)).toEqual([]);
  });

  it("grants nothing the code does not use, and no kind but Argo's to write", () => {
    const needed = new Set(uses.map(key));
    expect(
      grants.filter((grant) => !needed.has(key(grant))).map((g) => `${key(g)} (${g.via})`),
    ).toEqual([]);
    const writes = grants.filter((g) => ["create", "patch", "update", "delete"].includes(g.verb));
    expect([...new Set(writes.map((g) => `${g.group}/${g.resource}`))].sort()).toEqual([
      "argoproj.io/cronworkflows",
      "argoproj.io/workflows",
      "argoproj.io/workflowtemplates",
      "coordination.k8s.io/leases",
    ]);
  });
});

describe("deploy/monitoring", () => {
  const manifests = render("monitoring");

  it("renders the ServiceMonitor, the PrometheusRule and the dashboard for Grafana's sidecar", () => {
    expect(kinds(manifests)).toEqual([
      "ConfigMap/coxswain/coxswain-grafana-dashboard",
      "PrometheusRule/coxswain/coxswain",
      "ServiceMonitor/coxswain/coxswain",
    ]);
    const dashboard = manifests.find((m) => m.kind === "ConfigMap") as Manifest & {
      data: Record<string, string>;
    };
    expect(dashboard.metadata.labels).toMatchObject({ grafana_dashboard: "1" });
    expect(JSON.parse(dashboard.data["grafana-dashboard.json"] ?? "{}")).toMatchObject({
      uid: "coxswain",
    });
    const base = render("base");
    const service = base.find((m) => m.kind === "Service") as Manifest & {
      spec: { ports: { name: string }[] };
    };
    const monitor = manifests.find((m) => m.kind === "ServiceMonitor") as Manifest & {
      spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string }[] };
    };
    // It finds the base's Service by its labels, and scrapes a port the Service names.
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels))
      expect(service.metadata.labels?.[key]).toBe(value);
    expect(service.spec.ports.map((port) => port.name)).toContain(monitor.spec.endpoints[0]?.port);
  });
});

describe("deploy/Dockerfile", () => {
  const dockerfile = readFileSync(`${deployDir}Dockerfile`, "utf8");
  const manifest = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as {
    scripts: { start: string };
  };

  it("runs the app as npm start does, as a non-root user", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? "[]").join(" ")).toBe(manifest.scripts.start);
    expect(/^USER (\d+)/m.exec(dockerfile)?.[1]).not.toBe("0");
    expect(dockerfile).toMatch(/^USER \d+:\d+$/m);
  });

  it("copies everything the app reads at run time", () => {
    for (const path of ["app", "bin", "schemas", "package.json"])
      expect(dockerfile).toMatch(new RegExp(`^COPY ${path}[ .]`, "m"));
    expect(dockerfile).toContain("npm ci --omit=dev");
    expect(dockerfile).toMatch(/apt-get install .*git/);
  });
});
