// A run's ledger record for tests: a Succeeded `train` run of acme/pipelines on PR #7, with
// what the test is about given as overrides.
import type { RunRecord } from "../../app/ledger/run-record.ts";

export function runRecord(name: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    uid: `uid-${name}`,
    namespace: "ml",
    name,
    repo: "acme/pipelines",
    template: "train",
    commit: "a".repeat(40),
    pr: 7,
    trigger: "comment",
    actor: "octocat",
    parameters: { lr: "0.01" },
    phase: "Succeeded",
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_060_000,
    failedStep: undefined,
    failedMessage: undefined,
    logExcerpt: undefined,
    outputs: { accuracy: "0.91" },
    recordedAt: 1_700_000_060_000,
    ...overrides,
  };
}
