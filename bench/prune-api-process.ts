// The loopback test Kubernetes API with 10,000 finished runs, in a process of its own, so the
// prune benchmark measures the pruner's memory and not the API server's. Talks over IPC.
import { startTestKubeApi } from "../test/support/kube-api/index.ts";

const [kubeconfigPath, templates, runsPerTemplate] = process.argv.slice(2);
const api = await startTestKubeApi();
api.createNamespace("ml");
const now = Date.now();
for (let t = 0; t < Number(templates); t++) {
  for (let r = 0; r < Number(runsPerTemplate); r++) {
    api.put({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: {
        name: `template-${t}-run-${r}`,
        namespace: "ml",
        labels: {
          "app.kubernetes.io/managed-by": "coxswain",
          "coxswain.dev/repo": "acme.bench",
          "coxswain.dev/template": `template-${t}`,
          "workflows.argoproj.io/completed": "true",
        },
        annotations: { "coxswain.dev/template": `template-${t}` },
      },
      spec: { workflowTemplateRef: { name: `template-${t}` } },
      status: {
        phase: r % 7 === 0 ? "Failed" : "Succeeded",
        finishedAt: new Date(now - (r + 1) * 60_000).toISOString(),
      },
    });
  }
}
await api.writeKubeconfig(kubeconfigPath ?? "");
api.resetRequestLog();
process.send?.({ ready: true });
process.on("message", async (message: { ask: string }) => {
  if (message.ask === "figures") {
    const byMethod: Record<string, number> = {};
    for (const request of api.requests)
      byMethod[request.method] = (byMethod[request.method] ?? 0) + 1;
    process.send?.({
      requests: api.requests.length,
      byMethod,
      left: api.list("workflows", "ml").length,
    });
  }
  if (message.ask === "stop") {
    await api.close();
    process.exit(0);
  }
});
