// What a run started by a person is labelled with, by where they asked.
import type { RunTrigger } from "../runs/build-run.ts";
import type { RepositoryContext } from "./repository-context.ts";

export function triggerOf(context: RepositoryContext): RunTrigger {
  return context.actor.via;
}

/** The refs that hold a commit of the request: its pull request's head, else the branch. */
export function refsFor(context: RepositoryContext, pr = context.pullRequest?.number): string[] {
  return pr !== undefined ? [`refs/pull/${pr}/head`] : [`refs/heads/${context.branch}`];
}

/** The request's key for one of its commands: a redelivery starts nothing new, two commands do. */
export function commandKey(context: RepositoryContext, index: number, what: string): string {
  return `${context.requestId}/${index}:${what}`;
}
