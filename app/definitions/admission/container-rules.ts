// The Pod Security Standards' rules for one container (a template's container or script, a
// containerSet member, a sidecar, an init container, or a container in a podSpecPatch):
// what its own fields may not hold, whatever else the pod sets.
import { arrayOf, isRecord, isTemplated } from "../../argo/lint/yaml-value.ts";
import { childOf, type Place } from "./place.ts";
import { baselineCapabilities, restrictedCapabilities } from "./pod-security-standard.ts";
import { checkString, quotedList, type Violation } from "./pod-security-violation.ts";
import type { ValueAt } from "./pod-spec-places.ts";
import { securityContextViolations } from "./security-context-rules.ts";

export function containerViolations({
  value: container,
  place,
}: ValueAt<Record<string, unknown>>): Violation[] {
  const violations = [
    ...hostPortViolations(container, place),
    ...hostProbeViolations(container, place),
  ];
  const securityContext = container.securityContext;
  if (!isRecord(securityContext)) return violations;
  const scPlace = childOf(place, "securityContext");
  violations.push(...securityContextViolations(securityContext, scPlace));
  if (securityContext.privileged === true) {
    violations.push({
      place: childOf(scPlace, "privileged"),
      from: "baseline",
      control: "privileged containers",
      found: "is true",
      fix: "remove it or set it to false",
    });
  }
  violations.push(
    ...addedCapabilityViolations(securityContext.capabilities, childOf(scPlace, "capabilities")),
  );
  violations.push(
    ...checkString(securityContext.procMount, childOf(scPlace, "procMount"), {
      from: "baseline",
      control: "unmasked /proc mounts",
      allowed: (type) => type === "Default",
      fix: "remove it or set it to Default",
    }),
  );
  if (securityContext.allowPrivilegeEscalation === true) {
    violations.push({
      place: childOf(scPlace, "allowPrivilegeEscalation"),
      from: "restricted",
      control: "privilege escalation",
      found: "is true",
      fix: "set it to false",
    });
  }
  return violations;
}

function addedCapabilityViolations(capabilities: unknown, place: Place): Violation[] {
  if (!isRecord(capabilities)) return [];
  return arrayOf<unknown>(capabilities.add).flatMap((capability, index): Violation[] => {
    const at = childOf(place, "add", index);
    if (typeof capability !== "string") return [];
    if (isTemplated(capability) || !baselineCapabilities.includes(capability)) {
      return checkString(capability, at, {
        from: "baseline",
        control: "adding capabilities beyond the container runtime's default set",
        allowed: () => false,
        fix: `baseline allows adding only ${quotedList(baselineCapabilities)}`,
      });
    }
    if (restrictedCapabilities.includes(capability)) return [];
    return [
      {
        place: at,
        from: "restricted",
        control: "adding capabilities other than NET_BIND_SERVICE",
        found: `is ${JSON.stringify(capability)}`,
        fix: "remove it (restricted drops ALL and adds back only NET_BIND_SERVICE)",
      },
    ];
  });
}

function hostPortViolations(container: Record<string, unknown>, place: Place): Violation[] {
  return arrayOf<unknown>(container.ports).flatMap((port, index): Violation[] => {
    if (!isRecord(port) || port.hostPort === undefined || port.hostPort === 0) return [];
    return [
      {
        place: childOf(place, "ports", index, "hostPort"),
        from: "baseline",
        control: "host ports",
        found: `is ${JSON.stringify(port.hostPort)}`,
        fix: "remove it; containerPort is reachable inside the cluster",
      },
    ];
  });
}

const probes = ["livenessProbe", "readinessProbe", "startupProbe"];
const hooks = ["postStart", "preStop"];

/** Probes and lifecycle hooks must reach the pod itself, not another host (baseline since 1.34). */
function hostProbeViolations(container: Record<string, unknown>, place: Place): Violation[] {
  const handlers: Array<[unknown, Place]> = probes.map((probe) => [
    container[probe],
    childOf(place, probe),
  ]);
  const lifecycle = container.lifecycle;
  if (isRecord(lifecycle)) {
    for (const hook of hooks) handlers.push([lifecycle[hook], childOf(place, "lifecycle", hook)]);
  }
  return handlers.flatMap(([handler, at]) => {
    if (!isRecord(handler)) return [];
    return ["httpGet", "tcpSocket"].flatMap((action) => {
      const target = handler[action];
      if (!isRecord(target)) return [];
      return checkString(target.host, childOf(at, action, "host"), {
        from: "baseline",
        control: "probes and lifecycle hooks that reach another host",
        allowed: (host) => host === "",
        fix: "remove host; the pod's own IP is used",
      });
    });
  });
}
