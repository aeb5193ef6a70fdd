// The metrics a repository declares (which way is better, the threshold) as its default branch's
// config says — never a pull request's — kept for five minutes, for the trend charts.
import type { MetricsConfig } from "../config/metrics-config.ts";
import type { GatewayFor } from "../use-cases/repository-gateway.ts";

const keepMs = 5 * 60_000;

export class MetricRules {
  readonly #gatewayFor: GatewayFor;
  readonly #known = new Map<string, { at: number; rules: Promise<MetricsConfig> }>();

  constructor(gatewayFor: GatewayFor) {
    this.#gatewayFor = gatewayFor;
  }

  /** The declared metrics, or none when the config cannot be read (the charts still draw). */
  of(fullName: string, now = Date.now()): Promise<MetricsConfig> {
    const known = this.#known.get(fullName);
    if (known && now - known.at < keepMs) return known.rules;
    // A failed read draws the charts without rules, and is not kept: the next page asks again.
    const rules = this.#read(fullName).catch(() => {
      this.#known.delete(fullName);
      return {};
    });
    this.#known.set(fullName, { at: now, rules });
    return rules;
  }

  async #read(fullName: string): Promise<MetricsConfig> {
    const gateway = await this.#gatewayFor(fullName);
    const read = gateway ? await gateway.defaultBranchPolicy() : undefined;
    return read?.ok ? read.policy.metrics : {};
  }
}
