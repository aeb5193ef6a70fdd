// The declared metrics the charts are drawn with: the default branch's, kept five minutes; a
// read that fails draws the charts without rules and is asked again next time.
import { describe, expect, it } from "vitest";
import type { RepositoryGateway } from "../../app/use-cases/repository-gateway.ts";
import { MetricRules } from "../../app/web/metric-rules.ts";

const accuracy = {
  accuracy: { better: "higher" as const, threshold: 0.01, onRegression: "neutral" as const },
};

describe("metric rules", () => {
  it("keeps what the default branch declares for five minutes", async () => {
    let reads = 0;
    const gateway = {
      defaultBranchPolicy: async () => {
        reads++;
        return { ok: true, branch: "main", head: "h", policy: { metrics: accuracy } };
      },
    } as unknown as RepositoryGateway;
    const rules = new MetricRules(async () => gateway);
    expect(await rules.of("acme/p", 0)).toEqual(accuracy);
    expect(await rules.of("acme/p", 299_999)).toEqual(accuracy);
    expect(reads).toBe(1);
    await rules.of("acme/p", 300_000);
    expect(reads).toBe(2);
  });

  it("draws without rules when the config cannot be read, and asks again next time", async () => {
    let calls = 0;
    const rules = new MetricRules(async () => {
      calls++;
      if (calls === 1) throw new Error("GitHub is down");
      return undefined;
    });
    expect(await rules.of("acme/p", 0)).toEqual({});
    expect(await rules.of("acme/p", 1)).toEqual({});
    expect(calls).toBe(2);
  });
});
