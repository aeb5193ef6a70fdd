// When a run's report may be written to a channel that has a rate limit (GitHub's per
// installation): the pacer queues the reporter's writes, final states before any progress, and
// keeps at most one waiting write per run, which writes the run's newest state when its turn comes.
import type { ArgoObject } from "../cluster/argo-kinds.ts";

/** Hands the turn back once the write is done, so the next one may go. */
export type Release = () => void;

export interface ReportPacer {
  /**
   * Resolves when run `key` may write its report (`final`: its final state and exit
   * notification). Resolves undefined when the request was folded into another of the same run
   * (a progress write already waiting, or the run's final one) or given up (forgotten, stopped).
   */
  turn(key: string, workflow: ArgoObject, final: boolean): Promise<Release | undefined>;
  /** The run is gone: its waiting turn, if any, is given up. */
  forget(key: string): void;
}
