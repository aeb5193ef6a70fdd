// Every repository the App's installations can reach, read with conditional requests: GitHub
// answers an unchanged page with 304, which does not count against the rate limit, so a
// reconcile pass that finds nothing new costs no API budget. Pages are cached by URL.
import type { Octokit } from "./check-runs.ts";

export interface ServedRepository {
  installationId: number;
  id: number;
  fullName: string;
  name: string;
  cloneUrl: string;
  defaultBranch: string;
}

export interface RepositoryListing {
  repositories: ServedRepository[];
  /** False when some installation could not be listed: the list may miss repositories. */
  complete: boolean;
  /** Requests GitHub answered with 304 Not Modified (free), and with a body. */
  notModified: number;
  fetched: number;
}

interface CachedPage {
  etag: string;
  items: unknown[];
  next: boolean;
}

interface InstallationItem {
  id: number;
}

interface RepositoryItem {
  id: number;
  name: string;
  full_name: string;
  clone_url: string;
  default_branch: string;
}

export class InstallationRepositories {
  readonly #asApp: () => Promise<Octokit>;
  readonly #asInstallation: (id: number) => Promise<Octokit>;
  readonly #pages = new Map<string, CachedPage>();

  constructor(
    asApp: () => Promise<Octokit>,
    asInstallation: (installationId: number) => Promise<Octokit>,
  ) {
    this.#asApp = asApp;
    this.#asInstallation = asInstallation;
  }

  async list(): Promise<RepositoryListing> {
    const counts = { notModified: 0, fetched: 0 };
    const installations = (await this.#allPages(
      await this.#asApp(),
      "GET /app/installations",
      (data) => data as InstallationItem[],
      counts,
    )) as InstallationItem[];
    const repositories: ServedRepository[] = [];
    let complete = true;
    for (const installation of installations) {
      try {
        const octokit = await this.#asInstallation(installation.id);
        const items = (await this.#allPages(
          octokit,
          "GET /installation/repositories",
          (data) => (data as { repositories: RepositoryItem[] }).repositories,
          counts,
          `installation ${installation.id}`,
        )) as RepositoryItem[];
        repositories.push(
          ...items.map((item) => ({
            installationId: installation.id,
            id: item.id,
            fullName: item.full_name,
            name: item.name,
            cloneUrl: item.clone_url,
            defaultBranch: item.default_branch,
          })),
        );
      } catch {
        complete = false;
      }
    }
    return { repositories, complete, ...counts };
  }

  async #allPages(
    octokit: Octokit,
    route: "GET /app/installations" | "GET /installation/repositories",
    itemsOf: (data: unknown) => unknown[],
    counts: { notModified: number; fetched: number },
    cacheScope = "app",
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let page = 1; ; page++) {
      const key = `${cacheScope} ${route} ${page}`;
      const cached = this.#pages.get(key);
      let current: CachedPage;
      try {
        const response = await octokit.request(route, {
          per_page: 100,
          page,
          headers: cached ? { "if-none-match": cached.etag } : {},
        });
        counts.fetched++;
        current = {
          etag: String(response.headers.etag ?? ""),
          items: itemsOf(response.data),
          next: /rel="next"/.test(String(response.headers.link ?? "")),
        };
        if (current.etag) this.#pages.set(key, current);
      } catch (error) {
        if (!cached || (error as { status?: number }).status !== 304) throw error;
        counts.notModified++;
        current = cached;
      }
      items.push(...current.items);
      if (!current.next) return items;
    }
  }
}
