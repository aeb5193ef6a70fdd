// The kubelet's side of a step's pod, as the test moves it: the pod waits (Pending, no container
// started) from its creation until the test says the step runs, then its `wait` and `main`
// containers run from that moment, then they end with the step. A step that ends without having
// been said to run started and ended at once. With a clock the test moves between the calls, a
// step has waited and run for as long as the test says, as `status.containerStatuses` shows it.
import type { NodeStatus } from "./types.ts";

type ContainerState =
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; startedAt: string; finishedAt: string } };

export interface PodStatusWrite {
  pod: string;
  status: {
    phase: "Running" | "Succeeded" | "Failed";
    containerStatuses: Array<{
      name: string;
      image: string;
      imageID: string;
      ready: boolean;
      restartCount: number;
      started: boolean;
      state: ContainerState;
    }>;
  };
}

export class PodStatuses {
  /** When each pod's containers started (RFC 3339), once the test said its step runs. */
  readonly #started = new Map<string, string>();
  /** Each pod's images by container, from the manifest it was created with. */
  readonly #images = new Map<string, Record<string, string>>();

  created(pod: string, containers: ReadonlyArray<{ name: string; image?: string }>): void {
    this.#images.set(pod, Object.fromEntries(containers.map((c) => [c.name, c.image ?? ""])));
  }

  /** The status the pod has once its node reached `phase` at `at`, or none (still waiting). */
  reached(pod: string, node: NodeStatus, at: string): PodStatusWrite | undefined {
    const { phase } = node;
    if (phase === "Pending") return undefined;
    const startedAt = this.#started.get(pod) ?? at;
    this.#started.set(pod, startedAt);
    const exitCode = Number(node.outputs?.exitCode ?? (phase === "Succeeded" ? 0 : 1));
    const ended = phase === "Succeeded" || phase === "Failed" || phase === "Error";
    const state = (container: string): ContainerState =>
      ended
        ? {
            terminated: {
              exitCode: container === "main" ? exitCode : 0,
              reason: container === "main" && exitCode !== 0 ? "Error" : "Completed",
              startedAt,
              finishedAt: at,
            },
          }
        : { running: { startedAt } };
    const images = this.#images.get(pod) ?? {};
    return {
      pod,
      status: {
        phase: !ended ? "Running" : phase === "Succeeded" ? "Succeeded" : "Failed",
        containerStatuses: ["main", "wait"].map((name) => ({
          name,
          image: images[name] ?? "",
          imageID: "",
          ready: !ended,
          restartCount: 0,
          started: !ended,
          state: state(name),
        })),
      },
    };
  }
}
