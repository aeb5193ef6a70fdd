// The raw-HTTP table against the loopback test API, playing each flavour of Argo's CRDs.
// test/integration/conformance.test.ts runs the same table against a real kube-apiserver.
import { afterAll, beforeAll, describe, it } from "vitest";
import { startTestKubeApi, type TestKubeApi } from "../support/kube-api/index.ts";
import { crdsOfCase } from "./capabilities.ts";
import { CASES } from "./cases.ts";
import { prepare, runCase, type Target } from "./conformance.ts";

for (const crds of ["full", "minimal"] as const) {
  describe(`the test API with Argo's ${crds} CRDs answers the recorded raw HTTP cases`, () => {
    let api: TestKubeApi;
    // Known while the cases are collected (the hooks reach the API started in beforeAll), so
    // every case runs here but those of the other CRD flavour.
    const target: Target = {
      url: "",
      token: "conformance-token",
      namespace: "conformance",
      crds,
      capabilities: {
        compact: () => api.compact(),
        restrictedToken: "restricted-token",
        injectFault: (rule) => api.injectFault(rule),
        setPodLog: (ns, pod, text) => api.setPodLog(ns, pod, text),
        setPodWaiting: (ns, pod) => api.setPodWaiting(ns, pod, true),
      },
    };

    beforeAll(async () => {
      api = await startTestKubeApi({
        crds,
        token: "conformance-token",
        users: { "restricted-token": "nobody" },
      });
      api.setAuthorizer((access) => access.user !== "nobody");
      target.url = api.url;
      await prepare(target);
    });
    afterAll(() => api.close());

    for (const c of CASES) {
      const flavour = crdsOfCase(c);
      if (flavour !== undefined && flavour !== crds)
        it.skip(`${c.name} — skipped: a case of Argo's ${flavour} CRDs`, () => {});
      else it(c.name, () => runCase(target, c, "r1"));
    }
  });
}
