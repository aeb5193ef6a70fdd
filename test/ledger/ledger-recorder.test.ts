// The ledger's record of an ended run is written again when what it holds arrives on the run
// later (the failed step's log, where the time went), and not again for the same state.
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { ledgerRecorder } from "../../app/ledger/ledger-recorder.ts";
import type { RunLedger } from "../../app/ledger/run-ledger.ts";
import type { RunRecord } from "../../app/ledger/run-record.ts";
import { timelineAnnotation } from "../../app/runs/step-timeline.ts";

const ended = (annotations: Record<string, string> = {}): ArgoObject => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: { name: "train-1", namespace: "ml", uid: "uid-1", annotations },
  status: { phase: "Succeeded", startedAt: "2026-11-23T10:00:00Z" },
});

describe("the ledger recorder", () => {
  it("writes the record again once the run's timeline is kept, and only then", async () => {
    const written: RunRecord[] = [];
    const ledger = {
      record: async (record: RunRecord) => {
        written.push(record);
      },
    } as unknown as RunLedger;
    const recorder = ledgerRecorder(ledger, pino({ level: "silent" }));
    await recorder.observe(ended());
    await recorder.idle();
    const steps = [{ step: "load", phase: "Succeeded", startedAt: 1_000, finishedAt: 2_000 }];
    const timed = ended({
      "coxswain.dev/step-timeline": timelineAnnotation({ steps, leftOut: 0 }),
    });
    await recorder.observe(timed);
    await recorder.idle();
    await recorder.observe(timed);
    await recorder.idle();
    expect(written.map((record) => record.timeline)).toEqual([undefined, steps]);
  });
});
