// The value lists of Kubernetes' Pod Security Standards, as pod-security-admission's
// policy/check_*.go enforces them at Kubernetes 1.33, and which level enforces what. Where a
// newer version relaxes a rule for pods in a user namespace (hostUsers: false), the stricter
// rule is kept.
import type { PodSecurityLevel } from "../../config/server-policy.ts";

/** The level that first forbids something; `privileged` forbids nothing. */
export type EnforcedFrom = "baseline" | "restricted";

export function enforces(level: PodSecurityLevel, from: EnforcedFrom): boolean {
  return level === "restricted" || (level === "baseline" && from === "baseline");
}

/** Capabilities baseline lets a container add (the container runtime's default set). */
export const baselineCapabilities = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];

/** The one capability restricted lets a container add. */
export const restrictedCapabilities = ["NET_BIND_SERVICE"];

/** Sysctls namespaced per pod and isolated from other pods (1.27, 1.29 and 1.32 added some). */
export const safeSysctls = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
];

export const seLinuxTypes = [
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
];

export const profileTypes = ["RuntimeDefault", "Localhost"];

/**
 * Volume sources restricted allows: core ones, those defined through PersistentVolumes, and
 * OCI image volumes (admitted since 1.33, though the standard's page does not list them yet).
 */
export const restrictedVolumeSources = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

export const appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";
