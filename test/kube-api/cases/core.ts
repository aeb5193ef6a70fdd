// Core resources: pod logs, pod status and leases.
import type { ConformanceCase } from "../conformance.ts";
import { failure } from "./fixtures.ts";

export const CORE: ConformanceCase[] = [
  {
    name: "logs of a missing pod answer 404 NotFound",
    steps: [
      {
        method: "GET",
        path: "/api/v1/namespaces/{{ns}}/pods/no-such-pod/log?container=main",
        expect: failure(404, "NotFound", 'pods "no-such-pod" not found', {
          name: "no-such-pod",
          kind: "pods",
        }),
      },
    ],
  },
  {
    name: "logs answer text/plain with tailLines, and 400 while the container waits",
    steps: [
      {
        method: "POST",
        path: "/api/v1/namespaces/{{ns}}/pods",
        body: {
          metadata: { name: "probe-pod" },
          spec: { containers: [{ name: "main", image: "busybox" }] },
        },
      },
      { action: "podLog", pod: "probe-pod", text: "one\ntwo\nthree\n" },
      {
        method: "GET",
        path: "/api/v1/namespaces/{{ns}}/pods/probe-pod/log?container=main&tailLines=2",
        expect: { status: 200, contentType: "text/plain", text: "two\nthree\n" },
      },
      { action: "podWaiting", pod: "probe-pod" },
      {
        method: "GET",
        path: "/api/v1/namespaces/{{ns}}/pods/probe-pod/log?container=main",
        expect: failure(
          400,
          "BadRequest",
          'container "main" in pod "probe-pod" is waiting to start',
        ),
      },
    ],
  },
  {
    name: "a pod's status is written through pods/status, which leaves its spec as it was",
    steps: [
      {
        method: "POST",
        path: "/api/v1/namespaces/{{ns}}/pods",
        body: {
          metadata: { name: "probe-status-pod", labels: { app: "probe" } },
          // No token volume: a real server's fresh namespace may not have its token yet.
          spec: {
            automountServiceAccountToken: false,
            containers: [{ name: "main", image: "busybox" }],
          },
        },
        expect: { status: 201, body: { status: { phase: "Pending" } } },
      },
      {
        method: "PATCH",
        path: "/api/v1/namespaces/{{ns}}/pods/probe-status-pod/status",
        contentType: "application/merge-patch+json",
        body: {
          metadata: { labels: { app: "running" } },
          spec: { activeDeadlineSeconds: 5 },
          status: {
            phase: "Running",
            containerStatuses: [
              {
                name: "main",
                image: "busybox",
                imageID: "",
                ready: true,
                restartCount: 0,
                state: { running: { startedAt: "2026-11-23T10:00:20Z" } },
              },
            ],
          },
        },
        expect: {
          status: 200,
          body: {
            metadata: { labels: { app: "running" } },
            status: {
              phase: "Running",
              containerStatuses: [
                { name: "main", state: { running: { startedAt: "2026-11-23T10:00:20Z" } } },
              ],
            },
          },
          absent: ["spec.activeDeadlineSeconds"],
        },
      },
      {
        method: "GET",
        path: "/api/v1/namespaces/{{ns}}/pods/probe-status-pod/status",
        expect: { status: 200, body: { kind: "Pod", status: { phase: "Running" } } },
      },
    ],
  },
  {
    name: "a lease update with a stale resourceVersion answers 409 Conflict",
    steps: [
      {
        method: "POST",
        path: "/apis/coordination.k8s.io/v1/namespaces/{{ns}}/leases",
        body: {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: "probe-lease" },
          spec: { holderIdentity: "a", leaseDurationSeconds: 15 },
        },
        capture: { rv: "metadata.resourceVersion" },
      },
      {
        method: "PUT",
        path: "/apis/coordination.k8s.io/v1/namespaces/{{ns}}/leases/probe-lease",
        body: {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: "probe-lease", resourceVersion: "{{rv}}" },
          spec: { holderIdentity: "b" },
        },
      },
      {
        method: "PUT",
        path: "/apis/coordination.k8s.io/v1/namespaces/{{ns}}/leases/probe-lease",
        body: {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: "probe-lease", resourceVersion: "{{rv}}" },
          spec: { holderIdentity: "c" },
        },
        expect: failure(
          409,
          "Conflict",
          'Operation cannot be fulfilled on leases.coordination.k8s.io "probe-lease": the object has been modified; please apply your changes to the latest version and try again',
          { name: "probe-lease", group: "coordination.k8s.io", kind: "leases" },
        ),
      },
    ],
  },
];
