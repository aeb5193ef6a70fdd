// Who a Slack user is on GitHub, by the server policy: their own entry, else the first user
// group they belong to (membership asked of Slack, cached for a minute).
import type { webApi } from "@slack/bolt";
import type { SlackPolicy } from "../config/slack-policy.ts";

const membershipTtlMs = 60_000;

export class SlackIdentities {
  readonly #policy: SlackPolicy;
  readonly #client: webApi.WebClient;
  readonly #members = new Map<string, { users: Set<string>; until: number }>();

  constructor(policy: SlackPolicy, client: webApi.WebClient) {
    this.#policy = policy;
    this.#client = client;
  }

  async githubLoginOf(slackUser: string): Promise<string | undefined> {
    const own = this.#policy.users.find((entry) => entry.slack === slackUser);
    if (own) return own.github;
    for (const group of this.#policy.userGroups) {
      if ((await this.#membersOf(group.slack)).has(slackUser)) return group.github;
    }
    return undefined;
  }

  async #membersOf(group: string): Promise<Set<string>> {
    const cached = this.#members.get(group);
    if (cached && cached.until > Date.now()) return cached.users;
    const answer = await this.#client.usergroups.users.list({ usergroup: group });
    const users = new Set(answer.users ?? []);
    this.#members.set(group, { users, until: Date.now() + membershipTtlMs });
    return users;
  }
}
