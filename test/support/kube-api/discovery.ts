// Discovery documents (/api, /apis, /apis/{group}/{version}, /version) for clients that look them up.
import type { JsonObject } from "./json.ts";
import { RESOURCES, type ResourceType } from "./resources.ts";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function resourceList(group: string, version: string): JsonObject | undefined {
  const served = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const entry = (r: ResourceType): JsonObject[] => [
    {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
      ...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
    },
    ...r.subresources.map(
      (sub): JsonObject => ({
        name: `${r.plural}/${sub}`,
        singularName: "",
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: sub === "status" ? ["get", "patch", "update"] : ["get"],
      }),
    ),
  ];
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.flatMap(entry),
  };
}

function groups(): JsonObject[] {
  const names = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))];
  return names.map((name) => {
    const version = RESOURCES.find((r) => r.group === name)?.version ?? "v1";
    const gv = { groupVersion: `${name}/${version}`, version };
    return { name, versions: [gv], preferredVersion: gv };
  });
}

/** The discovery document at `segments`, or undefined (answered as `404 page not found`). */
export function discoveryDocument(segments: string[]): JsonObject | undefined {
  const [root, a, b] = segments;
  if (root === "version") {
    return {
      major: "1",
      minor: "20",
      gitVersion: "v1.20.2",
      platform: "linux/amd64",
      goVersion: "go1.15.5",
      compiler: "gc",
    };
  }
  if (root === "api") {
    if (a === undefined)
      return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] };
    return resourceList("", "v1");
  }
  if (a === undefined) return { kind: "APIGroupList", apiVersion: "v1", groups: groups() };
  const group = groups().find((g) => g.name === a);
  if (!group) return undefined;
  if (b === undefined) return { kind: "APIGroup", apiVersion: "v1", ...group };
  return resourceList(a, b);
}
