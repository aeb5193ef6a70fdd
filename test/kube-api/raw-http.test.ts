import { afterAll, beforeAll, describe, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { CASES } from "./cases.ts";
import { missingCapabilities, prepare, runCase, type Target } from "./conformance.ts";

describe("the test API answers the recorded raw HTTP cases", () => {
  let api: TestKubeApi;
  const target: Target = {
    url: "",
    token: "conformance-token",
    namespace: "conformance",
    capabilities: {},
  };

  beforeAll(async () => {
    api = await startTestKubeApi({
      token: "conformance-token",
      users: { "restricted-token": "nobody" },
    });
    api.setAuthorizer((access) => access.user !== "nobody");
    target.url = api.url;
    target.capabilities = {
      compact: () => api.compact(),
      restrictedToken: "restricted-token",
      injectFault: (rule) => api.injectFault(rule),
      setPodLog: (ns, pod, text) => api.setPodLog(ns, pod, text),
      setPodWaiting: (ns, pod) => api.setPodWaiting(ns, pod, true),
    };
    await prepare(target);
  });
  afterAll(() => api.close());

  for (const c of CASES) it(c.name, () => runCase(target, c, "r1"));
});

// The same table against a real kube-apiserver with Argo's CRDs:
// KUBE_CONFORMANCE_URL=https://… KUBE_CONFORMANCE_TOKEN=… npx vitest run test/kube-api/raw-http.test.ts
const realUrl = process.env.KUBE_CONFORMANCE_URL;
describe.skipIf(!realUrl)("a real kube-apiserver answers the recorded raw HTTP cases", () => {
  const run = Date.now().toString(36);
  const target: Target = {
    url: realUrl ?? "",
    token: process.env.KUBE_CONFORMANCE_TOKEN,
    namespace: `conformance-${run}`,
    capabilities: {},
  };
  beforeAll(() => prepare(target));
  for (const c of CASES) {
    it.skipIf(missingCapabilities(target, c).length > 0)(
      c.name,
      () => runCase(target, c, run),
      60_000,
    );
  }
});
