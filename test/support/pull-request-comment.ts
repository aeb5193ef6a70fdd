// A user comments on pull request #7 and coxswain answers: the GitHub requests that takes
// (token, 👀, the pull request, the commenter's permission, a reply; with `/run`, the run's
// queued check run), declared and then checked done.
import type { SyncFixture } from "./sync-fixture.ts";
import { issueCommentPayload } from "./webhooks.ts";

export interface PullRequestComment {
  base: string;
  head: string;
  body: string;
  commentId: number;
  /** The reply comment is declared here (false when a persisted reporting mock answers it). */
  reply?: boolean;
  /** A check run is expected for a run of this template on the head. */
  startsRun?: string;
}

export async function commentOnPullRequest(
  f: SyncFixture,
  comment: PullRequestComment,
): Promise<void> {
  f.github
    .installationToken()
    .reaction(comment.commentId)
    .pullRequest(7, { sha: comment.head }, { sha: comment.base })
    .permission("octocat", "write");
  if (comment.startsRun)
    f.github.queuedCheckRun(`coxswain/run: ${comment.startsRun}`, comment.head);
  if (comment.reply !== false) f.github.commentsOn(7);
  await f.app.receive(
    "issue_comment",
    issueCommentPayload(f.repository, {
      number: 7,
      body: comment.body,
      commentId: comment.commentId,
    }),
  );
  f.github.done();
}
