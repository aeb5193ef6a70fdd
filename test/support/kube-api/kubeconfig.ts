// A client-node KubeConfig, or a kubeconfig file, pointing at the test API.
import { writeFile } from "node:fs/promises";
import { KubeConfig } from "@kubernetes/client-node";
import * as yaml from "js-yaml";

const NAME = "coxswain-test";

export function makeKubeConfig(
  server: string,
  token: string | undefined,
  namespace = "default",
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // client-node 2.x refuses plain http:// unless skipTLSVerify is set.
    clusters: [{ name: NAME, server, skipTLSVerify: true }],
    users: [token ? { name: NAME, token } : { name: NAME }],
    contexts: [{ name: NAME, cluster: NAME, user: NAME, namespace }],
    currentContext: NAME,
  });
  return kc;
}

export async function writeKubeconfigFile(
  path: string,
  server: string,
  token: string | undefined,
  namespace = "default",
) {
  const document = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: NAME, cluster: { server, "insecure-skip-tls-verify": true } }],
    users: [{ name: NAME, user: token ? { token } : {} }],
    contexts: [{ name: NAME, context: { cluster: NAME, user: NAME, namespace } }],
    "current-context": NAME,
  };
  await writeFile(path, yaml.dump(document), "utf8");
}
