// Where a run's time went, one entry per step: from the step's start to its main container's
// start it was waiting (scheduling, image pull, pod start), from then to its end it was running.
// Argo's node status has only startedAt and finishedAt; the container's start comes from the pod.

export interface StepTiming {
  /** The step as shown (its display name). */
  step: string;
  phase: string;
  /** When Argo started the step (epoch ms). */
  startedAt: number;
  /** When its main container started (epoch ms); absent when the pod was gone or never ran. */
  runningAt?: number;
  /** When the step ended (epoch ms); absent while it runs. */
  finishedAt?: number;
}
