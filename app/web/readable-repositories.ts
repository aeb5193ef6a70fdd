// The repositories a signed-in person may see: those the App is installed on that GitHub says
// they can read (asked with their own user token), kept for a minute per person.
import { createHash } from "node:crypto";
import { request as octokitRequest } from "@octokit/request";

const perPage = 100;
/** At most this many pages of each list (3,000 repositories of one installation). */
const maxPages = 30;
const keepMs = 60_000;
const maxPeople = 1000;

export interface RepositoryReader {
  /** Lower-cased full name → the full name as GitHub spells it. */
  of(token: string): Promise<Map<string, string>>;
}

export class ReadableRepositories implements RepositoryReader {
  readonly #request: typeof octokitRequest;
  readonly #known = new Map<string, { at: number; names: Promise<Map<string, string>> }>();

  constructor(apiUrl: string) {
    this.#request = octokitRequest.defaults({ baseUrl: apiUrl.replace(/\/$/, "") });
  }

  /** Lower-cased full name → the full name as GitHub spells it. */
  of(token: string, now = Date.now()): Promise<Map<string, string>> {
    const key = createHash("sha256").update(token).digest("base64url");
    const known = this.#known.get(key);
    if (known && now - known.at < keepMs) return known.names;
    const names = this.#read(token);
    this.#known.delete(key);
    this.#known.set(key, { at: now, names });
    if (this.#known.size > maxPeople) this.#known.delete(this.#known.keys().next().value as string);
    names.catch(() => this.#known.delete(key));
    return names;
  }

  async #read(token: string): Promise<Map<string, string>> {
    const headers = { authorization: `token ${token}` };
    const names = new Map<string, string>();
    const installations = await this.#pages(async (page) => {
      const { data } = await this.#request("GET /user/installations", {
        headers,
        per_page: perPage,
        page,
      });
      return data.installations.map((installation) => installation.id);
    });
    for (const id of installations) {
      const repositories = await this.#pages(async (page) => {
        const { data } = await this.#request(
          "GET /user/installations/{installation_id}/repositories",
          {
            headers,
            installation_id: id,
            per_page: perPage,
            page,
          },
        );
        return data.repositories.map((repository) => repository.full_name);
      });
      for (const name of repositories) names.set(name.toLowerCase(), name);
    }
    return names;
  }

  async #pages<T>(page: (number: number) => Promise<T[]>): Promise<T[]> {
    const all: T[] = [];
    for (let number = 1; number <= maxPages; number++) {
      const items = await page(number);
      all.push(...items);
      if (items.length < perPage) break;
    }
    return all;
  }
}
