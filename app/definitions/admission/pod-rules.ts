// The Pod Security Standards' rules for pod-level fields: the pod securityContext (with its
// sysctls), volumes, host namespaces and AppArmor annotations; and coxswain's own rule on
// automountServiceAccountToken.
import { arrayOf, isRecord } from "../../argo/lint/yaml-value.ts";
import { childOf } from "./place.ts";
import {
  appArmorAnnotationPrefix,
  restrictedVolumeSources,
  safeSysctls,
} from "./pod-security-standard.ts";
import { checkString, quotedList, type Violation } from "./pod-security-violation.ts";
import type { ValueAt } from "./pod-spec-places.ts";
import { securityContextViolations } from "./security-context-rules.ts";

export function podSecurityContextViolations({
  value: securityContext,
  place,
}: ValueAt<Record<string, unknown>>): Violation[] {
  const violations = securityContextViolations(securityContext, place);
  arrayOf<unknown>(securityContext.sysctls).forEach((sysctl, index) => {
    if (!isRecord(sysctl)) return;
    violations.push(
      ...checkString(sysctl.name, childOf(place, "sysctls", index, "name"), {
        from: "baseline",
        control: "sysctls outside the safe set, which can affect the whole node",
        allowed: (name) => safeSysctls.includes(name),
        fix: `use only ${quotedList(safeSysctls)}`,
      }),
    );
  });
  return violations;
}

export function volumeViolations({
  value: volume,
  place,
}: ValueAt<Record<string, unknown>>): Violation[] {
  const sources = Object.keys(volume).filter((key) => key !== "name");
  return sources.flatMap((source): Violation[] => {
    const at = childOf(place, source);
    if (source === "hostPath") {
      const path = isRecord(volume.hostPath) ? volume.hostPath.path : undefined;
      return [
        {
          place: at,
          from: "baseline",
          control: "hostPath volumes",
          found: `mounts the node's ${JSON.stringify(path ?? "")}`,
          fix: "use a persistentVolumeClaim, configMap, secret or emptyDir volume",
        },
      ];
    }
    if (restrictedVolumeSources.includes(source)) return [];
    return [
      {
        place: at,
        from: "restricted",
        control: `volume types other than ${quotedList(restrictedVolumeSources)}`,
        found: `is a volume of type ${source}`,
        fix: "mount the storage through a persistentVolumeClaim",
      },
    ];
  });
}

const namespaces: Record<string, string> = {
  hostNetwork: "network",
  hostPID: "process (PID)",
  hostIPC: "IPC",
};

export function hostNamespaceViolations({ value, place }: ValueAt<unknown>): Violation[] {
  if (value !== true) return [];
  const field = String(place.inPatch?.at(-1) ?? place.path.at(-1));
  return [
    {
      place,
      from: "baseline",
      control: `sharing the node's ${namespaces[field] ?? field} namespace`,
      found: "is true",
      fix: "remove it",
    },
  ];
}

export function appArmorAnnotationViolations({
  value: annotations,
  place,
}: ValueAt<Record<string, unknown>>): Violation[] {
  return Object.entries(annotations).flatMap(([key, value]) => {
    if (!key.startsWith(appArmorAnnotationPrefix)) return [];
    return checkString(value, childOf(place, key), {
      from: "baseline",
      control: "AppArmor profiles other than runtime/default and localhost/*",
      allowed: (profile) =>
        profile === "" || profile === "runtime/default" || profile.startsWith("localhost/"),
      fix: "remove the annotation or use runtime/default or localhost/<profile>",
    });
  });
}

/**
 * Not one of the standard's fields: an explicit `true` overrides a service account that the
 * cluster admin set not to mount its token, so restricted refuses it.
 */
export function automountTokenViolations({ value, place }: ValueAt<unknown>): Violation[] {
  if (value !== true) return [];
  return [
    {
      place,
      from: "restricted",
      control: "mounting the service account token whatever the service account says",
      found: "is true",
      fix: "leave it out (the service account's own setting applies) or set it to false",
    },
  ];
}
