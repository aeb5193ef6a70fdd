// The Pod Security Standards' rules for the fields a pod-level and a container-level
// securityContext share: HostProcess, AppArmor, SELinux, seccomp, runAsNonRoot, runAsUser.
import { isRecord, isTemplated } from "../../argo/lint/yaml-value.ts";
import { childOf, type Place } from "./place.ts";
import { profileTypes, seLinuxTypes } from "./pod-security-standard.ts";
import { checkString, quotedList, type Violation } from "./pod-security-violation.ts";

export function securityContextViolations(
  securityContext: Record<string, unknown>,
  place: Place,
): Violation[] {
  const violations: Violation[] = [];
  const windows = securityContext.windowsOptions;
  if (isRecord(windows) && windows.hostProcess === true) {
    violations.push({
      place: childOf(place, "windowsOptions", "hostProcess"),
      from: "baseline",
      control: "Windows HostProcess containers, which have privileged access to the node",
      found: "is true",
      fix: "remove it",
    });
  }
  const appArmor = securityContext.appArmorProfile;
  if (isRecord(appArmor)) {
    violations.push(
      ...checkString(appArmor.type, childOf(place, "appArmorProfile", "type"), {
        from: "baseline",
        control: "AppArmor profiles other than RuntimeDefault and Localhost",
        allowed: (type) => profileTypes.includes(type),
        fix: "remove it or use RuntimeDefault or Localhost",
      }),
    );
  }
  violations.push(
    ...seLinuxViolations(securityContext.seLinuxOptions, childOf(place, "seLinuxOptions")),
  );
  violations.push(
    ...seccompViolations(securityContext.seccompProfile, childOf(place, "seccompProfile")),
  );
  if (securityContext.runAsNonRoot === false) {
    violations.push({
      place: childOf(place, "runAsNonRoot"),
      from: "restricted",
      control: "running as root",
      found: "is false",
      fix: "set it to true and use an image whose user is not root",
    });
  }
  if (securityContext.runAsUser === 0) {
    violations.push({
      place: childOf(place, "runAsUser"),
      from: "restricted",
      control: "running as root",
      found: "is 0 (root)",
      fix: "use a non-zero user id, or leave it out and set runAsNonRoot: true",
    });
  }
  return violations;
}

function seLinuxViolations(options: unknown, place: Place): Violation[] {
  if (!isRecord(options)) return [];
  const violations = checkString(options.type, childOf(place, "type"), {
    from: "baseline",
    control: "custom SELinux types",
    allowed: (type) => type === "" || seLinuxTypes.includes(type),
    fix: `remove it or use ${quotedList(seLinuxTypes)}`,
  });
  for (const field of ["user", "role"]) {
    violations.push(
      ...checkString(options[field], childOf(place, field), {
        from: "baseline",
        control: `setting the SELinux ${field}`,
        allowed: (value) => value === "",
        fix: "remove it",
      }),
    );
  }
  return violations;
}

function seccompViolations(profile: unknown, place: Place): Violation[] {
  if (!isRecord(profile)) return [];
  const typePlace = childOf(place, "type");
  // Filled in at run time it could be Unconfined, which baseline already forbids.
  if (
    profile.type === "Unconfined" ||
    (typeof profile.type === "string" && isTemplated(profile.type))
  ) {
    return checkString(profile.type, typePlace, {
      from: "baseline",
      control: "the Unconfined seccomp profile",
      allowed: () => false,
      fix: "remove it or use RuntimeDefault or Localhost",
    });
  }
  return checkString(profile.type, typePlace, {
    from: "restricted",
    control: "seccomp profiles other than RuntimeDefault and Localhost",
    allowed: (type) => profileTypes.includes(type),
    fix: "use RuntimeDefault or Localhost",
  });
}
