// One request's view of a repository, made once and the only way a use case reads repository
// config: the namespace the server policy maps it to, the default branch's config (never a pull
// request's), and the actor, whose permission is checked before anything else is done for them.
import type { RepoPolicy } from "../config/repo-config.ts";
import { hasPermission, type PermissionLevel } from "../config/run-config.ts";
import { namespaceForRepository, type ServerPolicy } from "../config/server-policy.ts";
import { type Message, plain, say } from "../report/message.ts";
import type { PullRequestRef, RepositoryGateway } from "./repository-gateway.ts";

/** Where a person asked: a PR comment, "Re-run" on a check, Slack, the command line, the run history page. */
export type Channel = "comment" | "check-rerun" | "slack" | "cli" | "web";

export interface Actor {
  /** The GitHub login the request acts as (a Slack user's is mapped by the server policy). */
  login: string;
  via: Channel;
  slackUser?: string;
}

export interface RepositoryContext {
  fullName: string;
  namespace: string;
  installationId?: number;
  /** The default branch, its head, and the policy read there. */
  branch: string;
  head: string;
  policy: RepoPolicy;
  actor: Actor;
  /** Set when the request is about one pull request (a comment on it). */
  pullRequest?: PullRequestRef;
  gateway: RepositoryGateway;
  /** The request (a comment, a Slack trigger, a check run): the same request starts nothing new. */
  requestId: string;
}

export interface ContextRequest {
  gateway: RepositoryGateway;
  actor: Actor;
  requestId: string;
  pullRequest?: number;
}

export type OpenedContext =
  | { ok: true; context: RepositoryContext }
  | { ok: false; problem: Message };

export async function openRepositoryContext(
  request: ContextRequest,
  server: ServerPolicy,
): Promise<OpenedContext> {
  const { gateway, actor } = request;
  const mapping = namespaceForRepository(server, gateway.fullName);
  if (!mapping.ok) return { ok: false, problem: plain(mapping.reason) };
  // Nothing else is done for the actor before this: no fetch, no reply.
  const level = await gateway.permissionOf(actor.login);
  const least = server.commands.minimumPermission;
  if (!hasPermission(level, least))
    return refused(actor, gateway.fullName, `at least ${least}`, level);
  const read = await gateway.defaultBranchPolicy();
  if (!read.ok) return { ok: false, problem: plain(read.problem) };
  const required = read.policy.commandPermission;
  if (!hasPermission(level, required)) return refused(actor, gateway.fullName, required, level);
  const pullRequest =
    request.pullRequest === undefined ? undefined : await gateway.pullRequest(request.pullRequest);
  return {
    ok: true,
    context: {
      fullName: gateway.fullName,
      namespace: mapping.namespace,
      ...(gateway.installationId !== undefined ? { installationId: gateway.installationId } : {}),
      branch: read.branch,
      head: read.head,
      policy: read.policy,
      actor,
      ...(pullRequest ? { pullRequest } : {}),
      gateway,
      requestId: request.requestId,
    },
  };
}

function refused(
  actor: Actor,
  fullName: string,
  required: string,
  level: PermissionLevel | "none",
): OpenedContext {
  return {
    ok: false,
    problem: say`coxswain's commands on ${fullName} need ${required} permission, and ${actor.login} has ${level}; nothing was done. A maintainer can do it for them.`,
  };
}
