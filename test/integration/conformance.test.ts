// The raw-HTTP cases of test/kube-api/cases.ts against the real kube-apiserver: the loopback
// test API must answer the same (test/kube-api/raw-http.test.ts runs the same table on it).
// A case fails on any difference from the recorded answer, so both servers are held to it.
import { readFileSync } from "node:fs";
import { Agent, fetch as undiciFetch } from "undici";
import { beforeAll, describe, inject, it } from "vitest";
import { skipReason } from "../kube-api/capabilities.ts";
import { CASES } from "../kube-api/cases.ts";
import { prepare, runCase, type Target } from "../kube-api/conformance.ts";

const real = inject("realCluster");
const run = Date.now().toString(36);

function tlsFetch(caPath: string | undefined): typeof fetch {
  if (!caPath) return fetch;
  const dispatcher = new Agent({ connect: { ca: readFileSync(caPath) } });
  return ((url: string, init: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

/** etcd compaction through its HTTP gateway, to make old resourceVersions expire. */
async function compact(etcdUrl: string): Promise<void> {
  const range = await fetch(`${etcdUrl}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: "AA==" }),
  });
  const revision = Number(
    ((await range.json()) as { header: { revision: string } }).header.revision,
  );
  const done = await fetch(`${etcdUrl}/v3/kv/compaction`, {
    method: "POST",
    body: JSON.stringify({ revision, physical: true }),
  });
  if (!done.ok) throw new Error(`etcd compaction failed: ${done.status} ${await done.text()}`);
}

const target: Target = {
  url: real.url,
  token: real.adminToken,
  namespace: `conformance-${run}`,
  fetch: tlsFetch(real.caCertPath),
  // The envtest server loads ../shared/argo/crds/, Argo's minimal CRDs.
  crds: "minimal",
  capabilities: {
    ...(real.etcdUrl ? { compact: () => compact(real.etcdUrl as string) } : {}),
    ...(real.restrictedToken ? { restrictedToken: real.restrictedToken } : {}),
  },
};

describe.skipIf(!real.url)("a real kube-apiserver answers the recorded raw HTTP cases", () => {
  beforeAll(() => prepare(target));
  for (const c of CASES) {
    const reason = skipReason(target, c);
    // Skipped, with the reason in the name: cases of the full CRDs (recorded answers, held by
    // the loopback API) and those needing the loopback API's hooks (fault injection, pod logs
    // without a kubelet).
    if (reason) it.skip(`${c.name} — ${reason}`, () => {});
    else it(c.name, () => runCase(target, c, run));
  }
});
