import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Two cores: files run in forks, a few at a time; each test file owns its own servers.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/integration/**"] },
      },
      {
        // The same suites against a real kube-apiserver + etcd (test/envtest/), started once.
        extends: true,
        test: {
          name: "real-server",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/envtest/global-setup.ts"],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
