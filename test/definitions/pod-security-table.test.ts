// Holds the admission policy to Kubernetes' Pod Security Standards: one row per field of the
// baseline and restricted lists, at every place Argo takes a pod spec from. Each case is a
// WorkflowTemplate that passes Argo's schema and restricted except for the one field; it must
// be refused with the exact message at each level that forbids the field, and admitted at the
// level below. Cases a place cannot hold are listed, with the reason, by the last test.
import { beforeAll, describe, expect, it } from "vitest";
import { type ArgoSchemaValidator, loadArgoSchemaValidator } from "../../app/argo/argo-schema.ts";
import type { PodSecurityLevel } from "../../app/config/server-policy.ts";
import { argoSchemaPath } from "../support/shared-data.ts";
import { check, dotted, levelPolicy } from "./admission-fixtures.ts";

type Json = Record<string, unknown>;
type Path = Array<string | number>;
type Slot = "container" | "pod" | "podSpec" | "annotations";

/** Where a slot sits: a document path, or a path inside the podSpecPatch at `path`. */
interface Where {
  path: Path;
  inPatch?: Path;
}

/** What a case puts into each slot of the place. */
type Fill = Partial<Record<Slot, Json>>;

interface Place {
  name: string;
  build(fill: Fill): Json;
  where: Partial<Record<Slot, Where>>;
  /** Why a slot does not exist at this place. */
  lacks?: Partial<Record<Slot, string>>;
}

interface Row {
  field: string;
  from: "baseline" | "restricted";
  slot: Slot;
  value: Json;
  /** From the slot to the refused field. */
  at: Path;
  /** `forbids privileged containers` */
  says: string;
  /** `is true; remove it or set it to false` */
  found: string;
  /** The places the field exists at, when not all of them, and why. */
  only?: { places: string[]; why: string };
}

let schema: ArgoSchemaValidator;
beforeAll(() => {
  schema = loadArgoSchemaValidator(argoSchemaPath);
});

const secureContainer = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
const securePod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Mappings merged key by key; anything else replaced. */
function merge(base: unknown, extra: unknown): unknown {
  if (!isJson(base) || !isJson(extra)) return extra;
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(extra)) merged[key] = merge(base[key], value);
  return merged;
}

function container(extra: Json = {}, name?: string): Json {
  const base = {
    ...(name ? { name } : {}),
    image: "python:3.12",
    command: ["python", "-c", "print(1)"],
    securityContext: secureContainer,
  };
  return merge(base, extra) as Json;
}

function script(extra: Json = {}): Json {
  return merge(
    {
      image: "python:3.12",
      command: ["python"],
      source: "print(1)",
      securityContext: secureContainer,
    },
    extra,
  ) as Json;
}

function workflowTemplate(spec: Json): Json {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "train" },
    spec: { entrypoint: "main", securityContext: securePod, ...spec },
  };
}

/** The pod-level fields a template carries. */
function podFields(fill: Fill): Json {
  return {
    ...(fill.pod ? { securityContext: merge(securePod, fill.pod) } : {}),
    ...(fill.annotations ? { metadata: { annotations: fill.annotations } } : {}),
    ...(fill.podSpec ?? {}),
  };
}

function podWhere(template: Path): Place["where"] {
  return {
    pod: { path: [...template, "securityContext"] },
    podSpec: { path: template },
    annotations: { path: [...template, "metadata", "annotations"] },
  };
}

const inTemplate = ["spec", "templates", 0];
const noPodOf = (what: string) =>
  `${what} has no pod-level fields of its own: it runs in its template's pod, which the container row covers`;
const noPod = (what: string): Place["lacks"] => ({
  pod: noPodOf(what),
  podSpec: noPodOf(what),
  annotations: noPodOf(what),
});

/** A template whose one container (or script) holds the case, at `path` in the document. */
function templatePlace(
  name: string,
  path: Path,
  template: (fill: Fill) => Json,
  holder: Path,
): Place {
  return {
    name,
    build: (fill) => workflowTemplate({ templates: [template(fill)] }),
    where: { container: { path }, ...podWhere(holder) },
  };
}

const inlineStep = [...inTemplate, "steps", 0, 0, "inline"];
const inlineTask = [...inTemplate, "dag", "tasks", 0, "inline"];
const nestedInline = [...inTemplate, "steps", 0, 0, "inline", "dag", "tasks", 0, "inline"];
const patchAt = [...inTemplate, "podSpecPatch"];

const places: Place[] = [
  templatePlace(
    "container",
    [...inTemplate, "container"],
    (fill) => ({ name: "main", container: container(fill.container), ...podFields(fill) }),
    inTemplate,
  ),
  templatePlace(
    "script",
    [...inTemplate, "script"],
    (fill) => ({ name: "main", script: script(fill.container), ...podFields(fill) }),
    inTemplate,
  ),
  templatePlace(
    "containerSet",
    [...inTemplate, "containerSet", "containers", 0],
    (fill) => ({
      name: "main",
      containerSet: { containers: [container(fill.container, "main")] },
      ...podFields(fill),
    }),
    inTemplate,
  ),
  {
    name: "sidecar",
    build: (fill) =>
      workflowTemplate({
        templates: [
          { name: "main", container: container(), sidecars: [container(fill.container, "helper")] },
        ],
      }),
    where: { container: { path: [...inTemplate, "sidecars", 0] } },
    lacks: noPod("a sidecar"),
  },
  {
    name: "initContainer",
    build: (fill) =>
      workflowTemplate({
        templates: [
          {
            name: "main",
            container: container(),
            initContainers: [container(fill.container, "setup")],
          },
        ],
      }),
    where: { container: { path: [...inTemplate, "initContainers", 0] } },
    lacks: noPod("an init container"),
  },
  templatePlace(
    "daemon",
    [...inTemplate, "container"],
    (fill) => ({
      name: "main",
      daemon: true,
      container: container(fill.container),
      ...podFields(fill),
    }),
    inTemplate,
  ),
  {
    name: "templateDefaults",
    build: (fill) =>
      workflowTemplate({
        templateDefaults: {
          ...(fill.container ? { container: merge({ image: "python:3.12" }, fill.container) } : {}),
          ...podFields(fill),
        },
        templates: [{ name: "main", container: container() }],
      }),
    where: {
      container: { path: ["spec", "templateDefaults", "container"] },
      ...podWhere(["spec", "templateDefaults"]),
    },
  },
  templatePlace(
    "inline step",
    [...inlineStep, "container"],
    (fill) => ({
      name: "main",
      steps: [
        [{ name: "train", inline: { container: container(fill.container), ...podFields(fill) } }],
      ],
    }),
    inlineStep,
  ),
  templatePlace(
    "inline DAG task",
    [...inlineTask, "container"],
    (fill) => ({
      name: "main",
      dag: {
        tasks: [
          { name: "train", inline: { container: container(fill.container), ...podFields(fill) } },
        ],
      },
    }),
    inlineTask,
  ),
  templatePlace(
    "nested inline",
    [...nestedInline, "container"],
    (fill) => ({
      name: "main",
      steps: [
        [
          {
            name: "stage",
            inline: {
              dag: {
                tasks: [
                  {
                    name: "train",
                    inline: { container: container(fill.container), ...podFields(fill) },
                  },
                ],
              },
            },
          },
        ],
      ],
    }),
    nestedInline,
  ),
  {
    name: "podSpecPatch",
    build: (fill) => {
      const patch = {
        ...(fill.container ? { containers: [{ name: "main", ...fill.container }] } : {}),
        ...(fill.pod ? { securityContext: fill.pod } : {}),
        ...(fill.podSpec ?? {}),
      };
      return workflowTemplate({
        templates: [{ name: "main", container: container(), podSpecPatch: JSON.stringify(patch) }],
      });
    },
    where: {
      container: { path: patchAt, inPatch: ["containers", 0] },
      pod: { path: patchAt, inPatch: ["securityContext"] },
      podSpec: { path: patchAt, inPatch: [] },
    },
    lacks: { annotations: "a podSpecPatch patches the pod's spec, not its metadata" },
  },
  {
    name: "workflow spec",
    build: (fill) =>
      workflowTemplate({
        ...(fill.pod ? { securityContext: merge(securePod, fill.pod) } : {}),
        ...(fill.annotations ? { podMetadata: { annotations: fill.annotations } } : {}),
        ...(fill.podSpec ?? {}),
        templates: [{ name: "main", container: container() }],
      }),
    where: {
      pod: { path: ["spec", "securityContext"] },
      podSpec: { path: ["spec"] },
      annotations: { path: ["spec", "podMetadata", "annotations"] },
    },
    lacks: {
      container: "a workflow spec has no container of its own; its templates' are the places above",
    },
  },
];

const placeNames = places.map((place) => place.name);

const sc = (value: Json) => ({ securityContext: value });
const scAt = (...path: Path) => ["securityContext", ...path];

const containerRows: Row[] = [
  {
    field: "securityContext.windowsOptions.hostProcess",
    from: "baseline",
    slot: "container",
    value: sc({ windowsOptions: { hostProcess: true } }),
    at: scAt("windowsOptions", "hostProcess"),
    says: "forbids Windows HostProcess containers, which have privileged access to the node",
    found: "is true; remove it",
  },
  {
    field: "securityContext.privileged",
    from: "baseline",
    slot: "container",
    value: sc({ privileged: true }),
    at: scAt("privileged"),
    says: "forbids privileged containers",
    found: "is true; remove it or set it to false",
  },
  {
    field: "securityContext.capabilities.add (beyond the default set)",
    from: "baseline",
    slot: "container",
    value: sc({ capabilities: { add: ["SYS_ADMIN"] } }),
    at: scAt("capabilities", "add", 0),
    says: "forbids adding capabilities beyond the container runtime's default set",
    found:
      'is "SYS_ADMIN"; baseline allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT',
  },
  {
    field: "securityContext.capabilities.add (other than NET_BIND_SERVICE)",
    from: "restricted",
    slot: "container",
    value: sc({ capabilities: { add: ["CHOWN"] } }),
    at: scAt("capabilities", "add", 0),
    says: "forbids adding capabilities other than NET_BIND_SERVICE",
    found: 'is "CHOWN"; remove it (restricted drops ALL and adds back only NET_BIND_SERVICE)',
  },
  {
    field: "securityContext.capabilities.drop (without ALL)",
    from: "restricted",
    slot: "container",
    value: sc({ capabilities: { drop: ["NET_RAW"] } }),
    at: scAt("capabilities", "drop"),
    says: "requires every container to drop ALL capabilities",
    found: "does not include ALL; add ALL to it",
    only: {
      places: placeNames.filter((name) => name !== "templateDefaults"),
      why: "templateDefaults' drop counts only for a container that sets none (the must-be-set table covers that)",
    },
  },
  {
    field: "ports[].hostPort",
    from: "baseline",
    slot: "container",
    value: { ports: [{ containerPort: 8080, hostPort: 8080 }] },
    at: ["ports", 0, "hostPort"],
    says: "forbids host ports",
    found: "is 8080; remove it; containerPort is reachable inside the cluster",
  },
  {
    field: "livenessProbe.httpGet.host",
    from: "baseline",
    slot: "container",
    value: { livenessProbe: { httpGet: { path: "/", port: 8080, host: "10.0.0.1" } } },
    at: ["livenessProbe", "httpGet", "host"],
    says: "forbids probes and lifecycle hooks that reach another host",
    found: 'is "10.0.0.1"; remove host; the pod\'s own IP is used',
  },
  {
    field: "lifecycle.preStop.tcpSocket.host",
    from: "baseline",
    slot: "container",
    value: { lifecycle: { preStop: { tcpSocket: { port: 9000, host: "metadata.internal" } } } },
    at: ["lifecycle", "preStop", "tcpSocket", "host"],
    says: "forbids probes and lifecycle hooks that reach another host",
    found: 'is "metadata.internal"; remove host; the pod\'s own IP is used',
  },
  {
    field: "securityContext.procMount",
    from: "baseline",
    slot: "container",
    value: sc({ procMount: "Unmasked" }),
    at: scAt("procMount"),
    says: "forbids unmasked /proc mounts",
    found: 'is "Unmasked"; remove it or set it to Default',
  },
  {
    field: "securityContext.allowPrivilegeEscalation",
    from: "restricted",
    slot: "container",
    value: sc({ allowPrivilegeEscalation: true }),
    at: scAt("allowPrivilegeEscalation"),
    says: "forbids privilege escalation",
    found: "is true; set it to false",
  },
];

/** Fields a pod-level and a container-level securityContext share: one row at each level. */
const sharedFields: Array<Omit<Row, "slot" | "at" | "field"> & { path: Path }> = [
  {
    path: ["windowsOptions", "hostProcess"],
    from: "baseline",
    value: { windowsOptions: { hostProcess: true } },
    says: "forbids Windows HostProcess containers, which have privileged access to the node",
    found: "is true; remove it",
  },
  {
    path: ["appArmorProfile", "type"],
    from: "baseline",
    value: { appArmorProfile: { type: "Unconfined" } },
    says: "forbids AppArmor profiles other than RuntimeDefault and Localhost",
    found: 'is "Unconfined"; remove it or use RuntimeDefault or Localhost',
  },
  {
    path: ["seLinuxOptions", "type"],
    from: "baseline",
    value: { seLinuxOptions: { type: "spc_t" } },
    says: "forbids custom SELinux types",
    found:
      'is "spc_t"; remove it or use container_t, container_init_t, container_kvm_t, container_engine_t',
  },
  {
    path: ["seLinuxOptions", "user"],
    from: "baseline",
    value: { seLinuxOptions: { user: "system_u" } },
    says: "forbids setting the SELinux user",
    found: 'is "system_u"; remove it',
  },
  {
    path: ["seLinuxOptions", "role"],
    from: "baseline",
    value: { seLinuxOptions: { role: "system_r" } },
    says: "forbids setting the SELinux role",
    found: 'is "system_r"; remove it',
  },
  {
    path: ["seccompProfile", "type"],
    from: "baseline",
    value: { seccompProfile: { type: "Unconfined" } },
    says: "forbids the Unconfined seccomp profile",
    found: 'is "Unconfined"; remove it or use RuntimeDefault or Localhost',
  },
  {
    path: ["runAsNonRoot"],
    from: "restricted",
    value: { runAsNonRoot: false },
    says: "forbids running as root",
    found: "is false; set it to true and use an image whose user is not root",
  },
  {
    path: ["runAsUser"],
    from: "restricted",
    value: { runAsUser: 0 },
    says: "forbids running as root",
    found: "is 0 (root); use a non-zero user id, or leave it out and set runAsNonRoot: true",
  },
];

const securityContextRows: Row[] = sharedFields.flatMap(({ path, value, ...rest }) => [
  {
    ...rest,
    field: `securityContext.${path.join(".")}`,
    slot: "container",
    value: sc(value),
    at: scAt(...path),
  },
  { ...rest, field: `pod securityContext.${path.join(".")}`, slot: "pod", value, at: path },
]);

const podRows: Row[] = [
  {
    field: "pod securityContext.sysctls[].name",
    from: "baseline",
    slot: "pod",
    value: { sysctls: [{ name: "kernel.msgmax", value: "65536" }] },
    at: ["sysctls", 0, "name"],
    says: "forbids sysctls outside the safe set, which can affect the whole node",
    found:
      'is "kernel.msgmax"; use only kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem',
  },
  ...(["hostNetwork", "hostPID", "hostIPC"] as const).map(
    (field): Row => ({
      field,
      from: "baseline",
      slot: "podSpec",
      value: { [field]: true },
      at: [field],
      says: `forbids sharing the node's ${{ hostNetwork: "network", hostPID: "process (PID)", hostIPC: "IPC" }[field]} namespace`,
      found: "is true; remove it",
      only:
        field === "hostNetwork"
          ? {
              places: ["podSpecPatch", "workflow spec"],
              why: "Argo takes hostNetwork from the workflow spec only; a template has no such field",
            }
          : {
              places: ["podSpecPatch"],
              why: `Argo has no ${field} field; only a podSpecPatch can set it`,
            },
    }),
  ),
  {
    field: "volumes[].hostPath",
    from: "baseline",
    slot: "podSpec",
    value: { volumes: [{ name: "node", hostPath: { path: "/var/run/docker.sock" } }] },
    at: ["volumes", 0, "hostPath"],
    says: "forbids hostPath volumes",
    found:
      'mounts the node\'s "/var/run/docker.sock"; use a persistentVolumeClaim, configMap, secret or emptyDir volume',
  },
  {
    field: "automountServiceAccountToken (coxswain's rule, not the standard's)",
    from: "restricted",
    slot: "podSpec",
    value: { automountServiceAccountToken: true },
    at: ["automountServiceAccountToken"],
    says: "forbids mounting the service account token whatever the service account says",
    found: "is true; leave it out (the service account's own setting applies) or set it to false",
  },
  {
    field: "metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]",
    from: "baseline",
    slot: "annotations",
    value: { "container.apparmor.security.beta.kubernetes.io/main": "unconfined" },
    at: ["container.apparmor.security.beta.kubernetes.io/main"],
    says: "forbids AppArmor profiles other than runtime/default and localhost/*",
    found: 'is "unconfined"; remove the annotation or use runtime/default or localhost/<profile>',
  },
];

/** Restricted's volume list: every source it does not allow, each with a minimal valid value. */
const restrictedVolumes: Record<string, Json> = {
  gcePersistentDisk: { pdName: "disk" },
  awsElasticBlockStore: { volumeID: "vol-1" },
  gitRepo: { repository: "https://example.com/repo.git" },
  nfs: { server: "nfs.example", path: "/data" },
  iscsi: { targetPortal: "10.0.0.2:3260", iqn: "iqn.2001-04.com.example:storage", lun: 0 },
  glusterfs: { endpoints: "gluster", path: "data" },
  rbd: { monitors: ["10.0.0.3:6789"], image: "data" },
  flexVolume: { driver: "example/driver" },
  cinder: { volumeID: "vol-1" },
  cephfs: { monitors: ["10.0.0.3:6789"] },
  flocker: { datasetName: "data" },
  fc: { targetWWNs: ["500a0982991b8dc5"], lun: 0 },
  azureFile: { secretName: "azure", shareName: "data" },
  vsphereVolume: { volumePath: "[datastore] data.vmdk" },
  quobyte: { registry: "registry:7861", volume: "data" },
  azureDisk: { diskName: "data", diskURI: "https://example/disk" },
  portworxVolume: { volumeID: "vol-1" },
  photonPersistentDisk: { pdID: "disk" },
  scaleIO: { gateway: "https://gateway", system: "scaleio", secretRef: { name: "scaleio" } },
  storageos: { volumeName: "data" },
};

const volumeRows: Row[] = Object.entries(restrictedVolumes).map(([source, value]) => ({
  field: `volumes[].${source}`,
  from: "restricted",
  slot: "podSpec",
  value: { volumes: [{ name: "data", [source]: value }] },
  at: ["volumes", 0, source],
  says: "forbids volume types other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret",
  found: `is a volume of type ${source}; mount the storage through a persistentVolumeClaim`,
}));

const rows: Row[] = [...containerRows, ...securityContextRows, ...podRows, ...volumeRows];

const forbidding = (row: Row): PodSecurityLevel[] =>
  row.from === "baseline" ? ["restricted", "baseline"] : ["restricted"];
const allowing = (row: Row): PodSecurityLevel =>
  row.from === "baseline" ? "privileged" : "baseline";

interface Case {
  row: Row;
  place: Place;
  where: Where;
}

interface LeftOut {
  what: string;
  place: string;
  why: string;
}

function casesAndLeftOut(): { cases: Case[]; leftOut: LeftOut[] } {
  const cases: Case[] = [];
  const leftOut: LeftOut[] = [];
  for (const row of rows) {
    for (const place of places) {
      const where = place.where[row.slot];
      if (!where) {
        leftOut.push({
          what: `${row.slot} fields`,
          place: place.name,
          why: place.lacks?.[row.slot] ?? "?",
        });
      } else if (row.only && !row.only.places.includes(place.name)) {
        leftOut.push({ what: row.field, place: place.name, why: row.only.why });
      } else {
        cases.push({ row, place, where });
      }
    }
  }
  return { cases, leftOut };
}

const { cases, leftOut } = casesAndLeftOut();

function refusal(row: Row, where: Where, level: PodSecurityLevel) {
  const path = where.inPatch ? where.path : [...where.path, ...row.at];
  const shown = where.inPatch
    ? `${dotted(where.path)}: ${dotted([...where.inPatch, ...row.at])}`
    : dotted(path);
  return {
    path,
    message: `${level} pod security (server policy) ${row.says}: ${shown} ${row.found}`,
    severity: "error",
  };
}

describe("the Pod Security Standards table", () => {
  it.each(places.map((place) => [place.name, place]))(
    "admits at restricted the compliant pipeline the %s cases start from",
    (_name, place) => {
      const document = place.build({});
      expect(schema.validate("WorkflowTemplate", document)).toEqual([]);
      expect(check(document, levelPolicy("restricted"))).toEqual([]);
    },
  );

  for (const { row, place, where } of cases) {
    const allowed = allowing(row);
    it(`${row.field} at ${place.name}: refused by ${forbidding(row).join(" and ")}, admitted by ${allowed}`, () => {
      const document = place.build({ [row.slot]: row.value });
      expect(schema.validate("WorkflowTemplate", document)).toEqual([]);
      for (const level of forbidding(row)) {
        expect(check(document, levelPolicy(level)), level).toEqual([refusal(row, where, level)]);
      }
      expect(check(document, levelPolicy(allowed)), allowed).toEqual([]);
    });
  }

  it("lists each case it leaves out, with the reason", () => {
    const grouped = new Map<string, string[]>();
    for (const { what, place, why } of leftOut) {
      const key = `${what}: ${why}`;
      grouped.set(key, [...(grouped.get(key) ?? []), place]);
    }
    const summary = [...grouped].map(([key, at]) => `${key} [${[...new Set(at)].join(", ")}]`);
    const templates =
      "container, script, containerSet, daemon, templateDefaults, inline step, inline DAG task, nested inline";
    const sidecar =
      "has no pod-level fields of its own: it runs in its template's pod, which the container row covers";
    expect(summary.sort()).toEqual([
      "annotations fields: a podSpecPatch patches the pod's spec, not its metadata [podSpecPatch]",
      `annotations fields: a sidecar ${sidecar} [sidecar]`,
      `annotations fields: an init container ${sidecar} [initContainer]`,
      "container fields: a workflow spec has no container of its own; its templates' are the places above [workflow spec]",
      `hostIPC: Argo has no hostIPC field; only a podSpecPatch can set it [${templates}, workflow spec]`,
      `hostNetwork: Argo takes hostNetwork from the workflow spec only; a template has no such field [${templates}]`,
      `hostPID: Argo has no hostPID field; only a podSpecPatch can set it [${templates}, workflow spec]`,
      `pod fields: a sidecar ${sidecar} [sidecar]`,
      `pod fields: an init container ${sidecar} [initContainer]`,
      `podSpec fields: a sidecar ${sidecar} [sidecar]`,
      `podSpec fields: an init container ${sidecar} [initContainer]`,
      "securityContext.capabilities.drop (without ALL): templateDefaults' drop counts only for a container that sets none (the must-be-set table covers that) [templateDefaults]",
    ]);
  });
});
