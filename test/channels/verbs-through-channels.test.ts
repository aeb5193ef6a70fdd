// Every verb through every channel that offers it (a PR comment, "Re-run" on a check run, a
// Slack command, a Slack button), for an actor who may act and one who may not: the same
// outcome, the same change in the cluster and the same ledger record each time. The channels
// are thin: what differs between them is only how they are asked and how they answer.
import type { Server } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import type { RunLedger } from "../../app/ledger/run-ledger.ts";
import { runActionIds } from "../../app/report/slack/render-run-message.ts";
import { startRunReporting } from "../../app/server/run-reporting.ts";
import { serverApp } from "../../app/server/server-app.ts";
import { argoFor } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";
import { GitHubSignInDouble } from "../support/github-sign-in.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { SlackMock, slackApiUrl } from "../support/slack-mock.ts";
import { SlackUser, slackSigningSecret } from "../support/slack-requests.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { freePort, startTestServer } from "../support/test-server.ts";
import { webSession } from "../support/web-session.ts";
import { checkRunRerequested, installationId, issueCommentPayload } from "../support/webhooks.ts";
import {
  type Channel,
  channels,
  type Effect,
  effectBetween,
  notOffered,
  readAnswer,
  type Verb,
  verbs,
} from "./channel-table.ts";

const people = {
  allowed: { login: "alice", slack: "U0ALICE", role: "write" },
  refused: { login: "reader", slack: "U0READER", role: "read" },
} as const;
type Who = keyof typeof people;

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let ledger: RunLedger;
let slack: SlackMock;
let server: Server;
let user: SlackUser;
let head: string;
let base: string;
/** The app's own address, where its run history pages are. */
let web: string;
let comments = 2000;

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());

beforeEach(async () => {
  f = await startSyncFixture(target, {
    policyYaml:
      "slack:\n  defaultChannel: C0RUNS\n  users:\n    - {slack: U0ALICE, github: alice}\n    - {slack: U0READER, github: reader}\n",
  });
  ledger = await openLedger(":memory:");
  f.deps.ledger = ledger;
  slack = new SlackMock();
  base = await f.origin.commit({ "workflows/train.yaml": workflowTemplate("train") });
  await f.origin.branch("change");
  head = await f.origin.commit({ "notes.md": "x" }, "notes", "change");
  await f.origin.pushPullRef(7, head);
  const port = await freePort();
  web = `http://127.0.0.1:${port}`;
  ({ server } = await startTestServer(
    serverApp(f.deps, {
      slack: {
        botToken: "xoxb-test",
        signingSecret: slackSigningSecret,
        socketMode: false,
        apiUrl: slackApiUrl,
      },
      slackClientRetries: 0,
      web: webSession.settings(web),
    }),
    { port },
  ).then(({ server, base: url }) => {
    user = new SlackUser(url, slack);
    return { server };
  }));
});

afterEach(async () => {
  await server.stop();
  await ledger.close();
  await f.close();
});

/** Whatever GitHub may be asked by any channel for `login`: declared, not required. */
function github(login: string, role: string) {
  f.github.installationToken().permission(login, role);
  f.github.scope
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, { token: "ghs_t", expires_at: new Date(Date.now() + 3_600_000).toISOString() });
  f.github
    .repoInstallation()
    .repository(f.origin.url)
    .reaction(++comments)
    .pullRequest(7, { sha: head }, { sha: base })
    .queuedCheckRun("coxswain/run: train", head)
    .queuedCheckRun("coxswain/run: train", base)
    .commentsOn(7, 3);
}

const runs = async () => (await f.cluster.list("workflows", f.namespace)) as ArgoObject[];

/** A run of train on PR #7, moved by Argo to `state`, as the verbs find it. */
async function existingRun(state: "running" | "failed"): Promise<ArgoObject> {
  github("alice", "write");
  f.github.reaction(1);
  await f.app.receive(
    "issue_comment",
    issueCommentPayload(f.repository, {
      number: 7,
      body: "/run train",
      login: "alice",
      commentId: 1,
    }),
  );
  const [run] = await runs();
  if (!run) throw new Error("no run started");
  if (state === "running")
    await (await argoFor(target).load(f.namespace, run.metadata.name)).start();
  else await failStep(target, f.namespace, run.metadata.name, { log: "ValueError: bad shape\n" });
  return (await f.cluster.get("workflows", f.namespace, run.metadata.name)) as ArgoObject;
}

/** Asks `verb` through `channel` as `who`; the answer as the person reads it. */
async function ask(channel: Channel, verb: Verb, who: Who, run?: ArgoObject): Promise<string> {
  const person = people[who];
  github(person.login, person.role);
  const name = run?.metadata.name ?? "";
  const before = f.github.comments.length;
  if (channel === "pr-comment") {
    await f.app.receive(
      "issue_comment",
      issueCommentPayload(f.repository, {
        number: 7,
        body: verbs[verb].comment(name),
        login: person.login,
        commentId: comments,
      }),
    );
    return answersSince(before);
  }
  if (channel === "check-rerun") {
    await f.app.receive(
      "check_run",
      checkRunRerequested("coxswain/run: train", head, f.repository, [7], name, person.login),
    );
    return answersSince(before);
  }
  if (channel === "web-form") {
    new GitHubSignInDouble("https://github.com", "https://api.github.com").reads(
      { login: person.login, id: 1, readable: ["acme/pipelines"] },
      `ghu_${person.login}`,
    );
    const answer = await webSession.post(
      web,
      `/runs/acme/pipelines/runs/${name}/rerun`,
      person.login,
      `ghu_${person.login}`,
    );
    return answer;
  }
  if (channel === "slack-button") {
    const action = runActionIds[verb as keyof typeof runActionIds];
    return (await user.click(action, `${f.namespace}/${name}`, person.slack)).text;
  }
  const sent = await user.command(verbs[verb].slack(name), person.slack);
  return (await sent.answer()).text;
}

/** The App's comments since `before`, but for a started run's own comment (the presenter's). */
function answersSince(before: number): string {
  return f.github.comments
    .slice(before)
    .map((c) => c.body)
    .filter((body) => !body.includes("<!-- coxswain:run:"))
    .join("\n\n");
}

/** The runs a verb started, driven to success by Argo: their records in the ledger. */
async function recordsOf(names: readonly string[], commits: Record<string, string>) {
  if (names.length === 0) return [];
  f.github.reporting(7);
  const reporting = await startRunReporting(f.app.probot, f.deps, {
    intervalMs: 0,
    namespace: f.namespace,
  });
  const records: object[] = [];
  for (const name of names) {
    const driven = await argoFor(target).load(f.namespace, name);
    await driven.start();
    await driven.finishAs("Succeeded");
    const deadline = Date.now() + 5000;
    let record = await ledger.byName(f.namespace, name);
    while (!record && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      record = await ledger.byName(f.namespace, name);
    }
    if (!record) throw new Error(`no ledger record of ${name}`);
    const { template, commit, parameters, phase, outputs } = record;
    records.push({ template, commit: commits[commit] ?? commit, parameters, phase, outputs });
  }
  reporting.stop();
  return records;
}

interface Seen {
  answer: string;
  effect: Effect;
  records: object[];
}

async function through(channel: Channel, verb: Verb, who: Who): Promise<Seen> {
  const row = verbs[verb];
  if (verb === "cron") await nightlyCron();
  const run = row.needs ? await existingRun(row.needs) : undefined;
  const before = await runs();
  const text = await ask(channel, verb, who, run);
  const after = await runs();
  // /run starts at the request's commit: the pull request's head on a PR, else the branch's.
  const commits =
    verb === "run"
      ? { [channel === "pr-comment" ? head : base]: "the request's commit" }
      : { [head]: "the pull request's head", [base]: "the default branch's head" };
  const effect = effectBetween(before, after, commits);
  if (verb === "run") for (const started of effect.started) delete started.pr;
  const names = after
    .map((r) => r.metadata.name)
    .filter((name) => !before.some((b) => b.metadata.name === name));
  const placeholders = Object.fromEntries([
    ...(run ? [[run.metadata.name, "<the run>"]] : []),
    ...names.map((name) => [name, "<the new run>"]),
  ]);
  return {
    answer: answerOf(verb, text, placeholders),
    effect,
    records: who === "allowed" ? await recordsOf(names, commits) : [],
  };
}

/** The use case's answer: channels write it their own way, and a started /run shows itself. */
function answerOf(verb: Verb, text: string, names: Record<string, string>): string {
  const read = readAnswer(text, names);
  if (verb === "run" && !read.includes("nothing was done")) return "";
  if (verb === "help" && read.includes("coxswain commands")) return "the channel's commands";
  if (verb === "status") {
    const listed = Object.values(names).filter((name) => read.includes(name));
    return read.includes("nothing was done") ? read : `runs: ${listed.join(", ")}`;
  }
  return read;
}

const refusal =
  "coxswain's commands on acme/pipelines need at least write permission, and reader has read; nothing was done. A maintainer can do it for them.";
const seen = new Map<string, Seen>();

describe.each(Object.keys(verbs) as Verb[])("%s", (verb) => {
  const row = verbs[verb];
  for (const who of ["allowed", "refused"] as const) {
    for (const channel of row.channels) {
      it(`through ${channel}, by an actor who ${who === "allowed" ? "may act" : "may not"}`, async () => {
        const result = await through(channel, verb, who);
        seen.set(`${verb}/${who}/${channel}`, result);
        if (who === "refused" && row.unchecked?.channel !== channel) {
          expect(result).toEqual({
            answer: refusal,
            effect: { started: [], changed: [] },
            records: [],
          });
        }
      });
    }
    it(`is the same use case through every channel (${who})`, () => {
      const checked = row.channels.filter((c) => who === "allowed" || row.unchecked?.channel !== c);
      const results = checked.map((channel) => ({
        channel,
        ...seen.get(`${verb}/${who}/${channel}`),
      }));
      const [first] = results;
      // A run started from a check's Re-run or a PR's /run answers by showing itself: there
      // the answer is left out, and the change and the ledger record still have to agree.
      for (const result of results)
        expect({ ...result, channel: first?.channel, answer: "" }).toEqual({
          ...first,
          answer: "",
        });
      const answered = results.filter((result) => result.answer !== "");
      for (const result of answered)
        expect({ channel: result.channel, answer: result.answer }).toEqual({
          channel: result.channel,
          answer: answered[0]?.answer,
        });
      if (who === "allowed") expect(first?.answer).not.toBe(refusal);
    });
  }
});

describe("what the table leaves out", () => {
  it("names every verb a channel does not offer, and the one channel that checks no permission", () => {
    const offered = (Object.keys(verbs) as Verb[]).flatMap((verb) =>
      verbs[verb].channels.map((channel) => `${verb}/${channel}`),
    );
    const all = (Object.keys(verbs) as Verb[]).flatMap((verb) =>
      channels.map((channel) => `${verb}/${channel}`),
    );
    const missing = all.filter((key) => !offered.includes(key));
    console.info(
      [
        "Not offered (verb/channel: why):",
        ...notOffered.map((gap) => `  ${gap.verb}/${gap.channel}: ${gap.why}`),
        "No permission check:",
        ...(Object.keys(verbs) as Verb[]).flatMap((verb) => {
          const gap = verbs[verb].unchecked;
          return gap ? [`  ${verb}/${gap.channel}: ${gap.why}`] : [];
        }),
      ].join("\n"),
    );
    expect(missing.sort()).toEqual(notOffered.map((gap) => `${gap.verb}/${gap.channel}`).sort());
  });
});

async function nightlyCron(): Promise<void> {
  await f.cluster.createForeign("cronworkflows", f.namespace, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "CronWorkflow",
    metadata: {
      name: "nightly",
      labels: {
        "app.kubernetes.io/managed-by": "coxswain",
        "coxswain.dev/repo": "acme.pipelines",
      },
    },
    spec: { schedules: ["0 2 * * *"], workflowSpec: { workflowTemplateRef: { name: "train" } } },
  });
}
