// Slack against the running HTTP server: signed and badly signed requests, the /coxswain
// command, the buttons on a run's message, and who may do what. Slack's Web API and response
// URLs are intercepted with nock at the configured base URL; GitHub likewise; Git and the
// Kubernetes API are real (the loopback API, which can give pods logs).
import type { Server } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArgoObject } from "../../app/cluster/argo-kinds.ts";
import { openLedger } from "../../app/ledger/open-ledger.ts";
import { serverApp } from "../../app/server/server-app.ts";
import { argoFor, runUpTo } from "../support/argo-runs.ts";
import { loopbackTarget } from "../support/cluster-target.ts";
import { failStep } from "../support/failed-run.ts";
import { workflowTemplate } from "../support/pipelines.ts";
import { runRecord } from "../support/run-records.ts";
import { SlackMock, slackApiUrl } from "../support/slack-mock.ts";
import { SlackUser, slackSigningSecret } from "../support/slack-requests.ts";
import { type SyncFixture, startSyncFixture } from "../support/sync-fixture.ts";
import { startTestServer } from "../support/test-server.ts";
import { installationId } from "../support/webhooks.ts";

const signingSecret = slackSigningSecret;
const slackPolicy = `slack:
  defaultChannel: C0RUNS
  users:
    - {slack: U0ALICE, github: alice}
    - {slack: U0READER, github: reader}
  userGroups:
    - {slack: S0ML, github: ml-bot}
`;

let target: Awaited<ReturnType<typeof loopbackTarget>>;
let f: SyncFixture;
let slack: SlackMock;
let server: Server;
let base: string;
let head: string;
let user: SlackUser;

beforeAll(async () => {
  target = await loopbackTarget();
});
afterAll(() => target.close());

beforeEach(async () => {
  f = await startSyncFixture(target, { policyYaml: slackPolicy });
  slack = new SlackMock();
  head = await f.origin.commit({
    "workflows/train.yaml": workflowTemplate("train"),
  });
  ({ server, base } = await startTestServer(
    serverApp(f.deps, {
      slack: { botToken: "xoxb-test", signingSecret, socketMode: false, apiUrl: slackApiUrl },
      slackClientRetries: 0,
    }),
  ));
  user = new SlackUser(base, slack);
});

afterEach(async () => {
  await server.stop();
  await f.close();
});

const command = (text: string, who = "U0ALICE", secret = signingSecret) =>
  user.command(text, who, secret);
const click = (actionId: string, value: string, who = "U0ALICE") =>
  user.click(actionId, value, who);

/** What GitHub is asked when a Slack request names the repository and alice (or `login`) acts. */
function repositoryLookup(login = "alice", role = "write") {
  f.github.repoInstallation().repository(f.origin.url).permission(login, role);
}

function installationToken() {
  f.github.scope.post(`/app/installations/${installationId}/access_tokens`).reply(201, {
    token: "ghs_slack_installation",
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

const runs = () => f.cluster.list("workflows", f.namespace);

async function startedRun(): Promise<ArgoObject> {
  installationToken();
  repositoryLookup();
  f.github.queuedCheckRun("coxswain/run: train", head);
  const sent = await command("run acme/pipelines train lr=0.3");
  await sent.answer();
  f.github.done();
  const [run] = await runs();
  if (!run) throw new Error("no run started");
  return run;
}

describe("Slack requests on the HTTP server", () => {
  it("answers 401 to a badly signed command and does nothing", async () => {
    const sent = await command("run acme/pipelines train", "U0ALICE", "not-the-secret");
    expect(sent.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slack.responses).toEqual([]);
    expect(slack.calls).toEqual([]);
    expect(await runs()).toEqual([]);
  });

  it("/coxswain help answers the asker only", async () => {
    const sent = await command("help");
    expect(sent.status).toBe(200);
    const answer = await sent.answer();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain("`/coxswain run <owner/repo> <template> [name=value …]`");
  });

  it("answers a mistyped subcommand with the closest one", async () => {
    const answer = await (await command("rum acme/pipelines train")).answer();
    expect(answer).toMatchObject({
      response_type: "ephemeral",
      text: "unknown subcommand rum; did you mean run? (/coxswain help lists them)",
    });
  });
});

describe("/coxswain run", () => {
  it("starts the template at the default branch's head as the Slack user's GitHub login, shown on GitHub and told in the channel", async () => {
    const run = await startedRun();
    expect(run.metadata.labels).toMatchObject({
      "coxswain.dev/trigger": "slack",
      "coxswain.dev/actor": "alice",
      "coxswain.dev/commit": head,
    });
    expect(run.metadata.annotations?.["coxswain.dev/slack-user"]).toBe("U0ALICE");
    expect(JSON.parse(run.metadata.annotations?.["coxswain.dev/slack-notify"] ?? "{}")).toEqual({
      channel: "C0RUNS",
      phases: ["Running", "Succeeded", "Failed", "Error"],
      mention: [],
    });
    const parameters = (run.spec as { arguments: { parameters: unknown[] } }).arguments.parameters;
    expect(parameters).toEqual([{ name: "lr", value: "0.3" }]);
    expect(f.github.created.map((c) => c.body.name)).toEqual(["coxswain/run: train"]);
    expect(slack.responses.at(-1)).toMatchObject({
      response_type: "in_channel",
      text: `<@U0ALICE>: \`${run.metadata.name}\` started (train at \`${head.slice(0, 7)}\` of acme/pipelines).`,
    });
  });

  it("lets a user group's member act as the group's GitHub login", async () => {
    slack.groupMembers("S0ML", ["U0BOB"]);
    installationToken();
    repositoryLookup("ml-bot");
    f.github.queuedCheckRun("coxswain/run: train", head);
    await (await command("run acme/pipelines train", "U0BOB")).answer();
    f.github.done();
    const [run] = await runs();
    expect(run?.metadata.labels?.["coxswain.dev/actor"]).toBe("ml-bot");
    expect(slack.calls.filter((call) => call !== "auth.test")).toEqual(["usergroups.users.list"]);
  });

  it("refuses a Slack user with no GitHub login, asking GitHub nothing and starting nothing", async () => {
    slack.groupMembers("S0ML", ["U0BOB"]);
    const answer = await (await command("run acme/pipelines train", "U0STRANGER")).answer();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain("Your Slack account is not linked to a GitHub login");
    expect(await runs()).toEqual([]);
    f.github.done();
  });

  it("refuses a user whose GitHub login may not use the commands, and starts nothing", async () => {
    installationToken();
    repositoryLookup("reader", "read");
    const answer = await (await command("run acme/pipelines train", "U0READER")).answer();
    f.github.done();
    expect(answer).toMatchObject({
      response_type: "ephemeral",
      text: "coxswain's commands on acme/pipelines need at least write permission, and reader has read; nothing was done. A maintainer can do it for them.",
    });
    expect(await runs()).toEqual([]);
  });

  it("refuses a repository the server policy does not allow", async () => {
    const answer = await (await command("run evil/other train")).answer();
    expect(answer.text).toBe("evil/other is not allowed by the server policy");
    expect(await runs()).toEqual([]);
  });

  it("says which parameter is unknown and starts nothing", async () => {
    installationToken();
    repositoryLookup();
    const answer = await (await command("run acme/pipelines train epochs=3")).answer();
    f.github.done();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain("epochs");
    expect(await runs()).toEqual([]);
  });
});

describe("buttons and commands on a run", () => {
  it("Stop stops a running run (its exit handler still runs) and tells the channel", async () => {
    const run = await startedRun();
    repositoryLookup();
    const answer = await click("coxswain_stop", `${f.namespace}/${run.metadata.name}`);
    f.github.done();
    expect(answer).toMatchObject({
      response_type: "in_channel",
      text: `<@U0ALICE>: \`${run.metadata.name}\`: stopping it; its exit handler still runs.`,
    });
    const after = await f.cluster.get("workflows", f.namespace, run.metadata.name);
    expect((after?.spec as { shutdown?: string } | undefined)?.shutdown).toBe("Stop");
  });

  it("Rerun starts the same template, parameters and commit again", async () => {
    const run = await startedRun();
    repositoryLookup();
    f.github.queuedCheckRun("coxswain/run: train", head);
    const answer = await click("coxswain_rerun", `${f.namespace}/${run.metadata.name}`);
    f.github.done();
    const all = await runs();
    expect(all).toHaveLength(2);
    const again = all.find((r) => r.metadata.name !== run.metadata.name);
    expect((again?.spec as { arguments?: unknown } | undefined)?.arguments).toEqual({
      parameters: [{ name: "lr", value: "0.3" }],
    });
    expect(answer.text).toBe(
      `<@U0ALICE>: \`${run.metadata.name}\` started again as \`${again?.metadata.name}\`.`,
    );
  });

  it("Retry failed steps resubmits a failed run when no Argo server is configured, and says so", async () => {
    const run = await startedRun();
    await failStep(target, f.namespace, run.metadata.name, { log: "boom\n" });
    repositoryLookup();
    f.github.queuedCheckRun("coxswain/run: train", head);
    const answer = await click("coxswain_retry", `${f.namespace}/${run.metadata.name}`);
    f.github.done();
    expect(answer.text).toContain(
      "No Argo server is configured, so this resubmits the whole pipeline",
    );
    expect(await runs()).toHaveLength(2);
  });

  it("Logs shows the failed step's last lines to the asker only", async () => {
    const run = await startedRun();
    await failStep(target, f.namespace, run.metadata.name, {
      log: "loading\nValueError: bad shape <x>\n",
    });
    repositoryLookup();
    const answer = await click("coxswain_logs", `${f.namespace}/${run.metadata.name}`);
    f.github.done();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toBe(
      `Last lines of \`train\` in \`${run.metadata.name}\`:\n\`\`\`loading\nValueError: bad shape &lt;x&gt;\`\`\``,
    );
  });

  it("refuses a button press from a user who may not act, and changes nothing", async () => {
    const run = await startedRun();
    repositoryLookup("reader", "read");
    const answer = await click("coxswain_stop", `${f.namespace}/${run.metadata.name}`, "U0READER");
    f.github.done();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain("reader has read; nothing was done.");
    const after = await f.cluster.get("workflows", f.namespace, run.metadata.name);
    expect((after?.spec as { shutdown?: string } | undefined)?.shutdown).toBeUndefined();
  });

  it("/coxswain cron lists, suspends and runs now the repository's CronWorkflows", async () => {
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
    installationToken();
    repositoryLookup();
    const list = await (await command("cron acme/pipelines list")).answer();
    expect(list).toMatchObject({
      response_type: "ephemeral",
      text: "CronWorkflows of acme/pipelines:\n- `nightly`: `0 2 * * *`",
    });
    repositoryLookup();
    const suspend = await (await command("cron acme/pipelines suspend nightly")).answer();
    expect(suspend.response_type).toBe("in_channel");
    expect(suspend.text).toContain("<@U0ALICE>: `nightly` is suspended");
    const cron = await f.cluster.get("cronworkflows", f.namespace, "nightly");
    expect((cron?.spec as { suspend?: boolean } | undefined)?.suspend).toBe(true);
    repositoryLookup();
    const now = await (await command("cron acme/pipelines run-now nightly")).answer();
    const [run] = await runs();
    expect(now.text).toBe(`<@U0ALICE>: \`nightly\` started now as \`${run?.metadata.name}\`.`);
    expect(run?.metadata.labels?.["coxswain.dev/actor"]).toBe("alice");
    f.github.done();
  });

  it("/coxswain status lists the runs pruned from the cluster from the run ledger", async () => {
    const ledger = await openLedger(":memory:");
    f.deps.ledger = ledger;
    try {
      await ledger.record(
        runRecord("train-0ld00000", {
          namespace: f.namespace,
          commit: head,
          pr: undefined,
          trigger: "merge",
          actor: "alice",
          parameters: {},
          startedAt: Date.parse("2026-11-20T10:00:00Z"),
          finishedAt: Date.parse("2026-11-20T10:04:00Z"),
          outputs: {},
          recordedAt: Date.parse("2026-11-20T10:04:00Z"),
        }),
      );
      installationToken();
      repositoryLookup();
      const status = await (await command("status acme/pipelines")).answer();
      expect(status.text).toBe(
        "Runs of acme/pipelines, newest first:\n✅ `train-0ld00000` train · Succeeded · 4m 0s · merge by alice · pruned",
      );
    } finally {
      await ledger.close();
    }
  });

  it("/coxswain status, stop, logs and rerun find a run by its name", async () => {
    const run = await startedRun();
    const name = run.metadata.name;
    repositoryLookup();
    const status = await (await command("status acme/pipelines")).answer();
    expect(status.response_type).toBe("ephemeral");
    expect(status.text).toContain(`\`${name}\` train · Pending`);
    const argoRun = await argoFor(target).load(f.namespace, name);
    await runUpTo(argoRun, "train");
    await argoRun.progress("train", { log: "oops\n" });
    repositoryLookup();
    expect((await (await command(`stop ${name}`)).answer()).text).toContain("stopping it");
    await argoRun.operate();
    repositoryLookup();
    expect((await (await command(`logs ${name} train`)).answer()).text).toContain("oops");
    repositoryLookup();
    f.github.queuedCheckRun("coxswain/run: train", head);
    expect((await (await command(`rerun ${name}`)).answer()).text).toContain("started again");
    f.github.done();
    expect((await (await command("stop train-00000000")).answer()).text).toBe(
      "there is no run train-00000000",
    );
  });
});
