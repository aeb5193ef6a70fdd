// What each address under /runs shows for a signed-in person, given the repositories they may
// see: reads from the run ledger, and Rerun through the one gate every channel uses.
import { randomBytes } from "node:crypto";
import { namespaceForRepository } from "../config/server-policy.ts";
import type { RunLedger } from "../ledger/run-ledger.ts";
import { metricTrends } from "../report/metric-trends.ts";
import { type CommandPorts, performCommand } from "../use-cases/perform-command.ts";
import { openRepositoryContext } from "../use-cases/repository-context.ts";
import type { GatewayFor } from "../use-cases/repository-gateway.ts";
import { html } from "./html.ts";
import { MetricRules } from "./metric-rules.ts";
import { htmlOf, messagePage } from "./pages/message-page.ts";
import { pipelinePage } from "./pages/pipeline-page.ts";
import { repositoriesPage } from "./pages/repositories-page.ts";
import { repositoryPage } from "./pages/repository-page.ts";
import { runPage } from "./pages/run-page.ts";
import { filteredHref, ledgerQuery, parseFilters } from "./run-filters.ts";
import type { Session } from "./session.ts";

export interface RunsReads {
  services: CommandPorts;
  gatewayFor: GatewayFor;
}

export interface Answer {
  status: number;
  page: string;
}

export interface LinkSettings {
  githubUrl: string;
  argoUiUrl?: string;
}

/** A request for one repository's pages, by a person who may see it. */
interface RepositoryRequest {
  fullName: string;
  namespace: string;
  /** What follows /runs/<owner>/<repo>/ in the path. */
  rest: string[];
  path: string;
  session: Session;
}

/** How many of a pipeline's latest successful runs its charts show. */
const chartedRuns = 500;
const requestIdPattern = /^[A-Za-z0-9_-]{16,64}$/;

export function runsRoutes(links: LinkSettings, reads: RunsReads) {
  const { services } = reads;
  const rules = new MetricRules(reads.gatewayFor);
  const ledger = (): RunLedger => {
    if (!services.ledger) throw new Error("the run ledger is not configured");
    return services.ledger;
  };

  const repositoryAnswer = async ({ fullName, namespace, session }: RepositoryRequest) => {
    const [pipelines, latest] = await Promise.all([
      ledger().pipelinesOf(namespace, fullName),
      ledger().runsPage({ namespace, repo: fullName, limit: 20 }),
    ]);
    return ok(repositoryPage(fullName, pipelines, latest.records, links.githubUrl, session));
  };

  const pipelineAnswer = async (
    request: RepositoryRequest,
    template: string,
    query: URLSearchParams,
  ) => {
    const { fullName, namespace, path, session } = request;
    const parsed = parseFilters(query);
    if (!parsed.ok)
      return answer(
        400,
        messagePage("Bad filter", html`${parsed.problem}`, session, {
          href: path,
          label: "All runs of this pipeline",
        }),
      );
    const [page, history, declared] = await Promise.all([
      ledger().runsPage(ledgerQuery(namespace, fullName, template, parsed.filters, parsed.cursor)),
      ledger().metricHistory(namespace, fullName, template, chartedRuns),
      rules.of(fullName),
    ]);
    // A pipeline exists when it has a record; asked through the index, never by counting them all.
    const exists =
      page.records.length > 0 ||
      history.length > 0 ||
      (await ledger().runsPage({ namespace, repo: fullName, template, limit: 1 })).records.length >
        0;
    if (!exists) return notFound(session);
    const paging = {
      ...(page.newer ? { newer: filteredHref(path, parsed.filters, page.newer) } : {}),
      ...(page.older ? { older: filteredHref(path, parsed.filters, page.older) } : {}),
    };
    const view = {
      fullName,
      template,
      trends: metricTrends(history, declared),
      records: page.records,
      filters: parsed.filters,
      paging,
      githubUrl: links.githubUrl,
    };
    return ok(pipelinePage(view, session));
  };

  const runAnswer = async ({ fullName, namespace, session }: RepositoryRequest, name: string) => {
    const record = await ledger().byName(namespace, name);
    if (!record || record.repo !== fullName) return notFound(session);
    return ok(runPage(record, links, session, randomBytes(18).toString("base64url")));
  };

  const rerunAnswer = async (request: RepositoryRequest, name: string, form: URLSearchParams) => {
    const { fullName, path, session } = request;
    const requestId = form.get("request") ?? "";
    if (!requestIdPattern.test(requestId))
      return answer(
        400,
        messagePage(
          "Not rerun",
          html`This form is not one coxswain made; reload the run's page and try again.`,
          session,
        ),
      );
    const back = { href: path.slice(0, -"/rerun".length), label: `Back to ${name}` };
    const gateway = await reads.gatewayFor(fullName);
    if (!gateway) return notFound(session);
    const opened = await openRepositoryContext(
      { gateway, actor: { login: session.login, via: "web" }, requestId: `web-${requestId}` },
      services.server,
    );
    if (!opened.ok)
      return answer(403, messagePage("Not rerun", htmlOf(opened.problem), session, back));
    const outcome = await performCommand({ name: "rerun", run: name }, opened.context, services);
    if (outcome.kind === "done")
      return ok(messagePage("Rerun started", htmlOf(outcome.message), session, back));
    if (outcome.kind === "refused")
      return answer(409, messagePage("Not rerun", htmlOf(outcome.problem), session, back));
    return answer(
      500,
      messagePage("Not rerun", html`coxswain answered something unexpected.`, session, back),
    );
  };

  /** `/runs/<owner>/<repo>/…` of a repository this person may see. */
  const repositoryRequest = (
    path: string,
    session: Session,
    visible: Map<string, string>,
  ): RepositoryRequest | undefined => {
    const [owner, repo, ...rest] = path.slice("/runs/".length).split("/").map(decodeURIComponent);
    const fullName = visible.get(`${owner}/${repo}`.toLowerCase());
    const mapping = fullName ? namespaceForRepository(services.server, fullName) : undefined;
    if (!fullName || !mapping?.ok) return undefined;
    return { fullName, namespace: mapping.namespace, rest, path, session };
  };

  return {
    async get(
      path: string,
      query: URLSearchParams,
      session: Session,
      visible: Map<string, string>,
    ): Promise<Answer> {
      if (path === "/runs" || path === "/runs/")
        return ok(repositoriesPage([...visible.values()].sort(), session));
      const request = repositoryRequest(path, session, visible);
      if (!request) return notFound(session);
      const [kind, name, ...more] = request.rest;
      if (kind === undefined || (kind === "" && !name)) return repositoryAnswer(request);
      if (!name || more.length > 0) return notFound(session);
      if (kind === "pipelines") return pipelineAnswer(request, name, query);
      if (kind === "runs") return runAnswer(request, name);
      return notFound(session);
    },

    /** POST …/runs/<name>/rerun (the CSRF token is already checked). */
    async post(
      path: string,
      form: URLSearchParams,
      session: Session,
      visible: Map<string, string>,
    ): Promise<Answer> {
      const request = repositoryRequest(path, session, visible);
      const [kind, name, verb, ...more] = request?.rest ?? [];
      if (!request || kind !== "runs" || !name || verb !== "rerun" || more.length > 0)
        return notFound(session);
      return rerunAnswer(request, name, form);
    },
  };
}

function ok(page: string): Answer {
  return { status: 200, page };
}

function answer(status: number, page: string): Answer {
  return { status, page };
}

function notFound(session: Session): Answer {
  return answer(
    404,
    messagePage("Not found", html`There is no such page, or you cannot read it.`, session, {
      href: "/runs",
      label: "Your repositories",
    }),
  );
}
