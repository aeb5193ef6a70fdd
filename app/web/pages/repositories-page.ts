// /runs: the repositories the signed-in person can see.
import { repositoryHistoryPath } from "../../report/history-link.ts";
import { html } from "../html.ts";
import type { Session } from "../session.ts";
import { layout } from "./layout.ts";

export function repositoriesPage(names: readonly string[], session: Session): string {
  const content =
    names.length === 0
      ? html`<p>No repository you can read has coxswain installed and mapped to a namespace.</p>`
      : html`<ul class="repositories">${names.map(
          (name) => html`<li><a href="${repositoryHistoryPath(name)}">${name}</a></li>`,
        )}</ul>`;
  return layout("Repositories", [], content, session);
}
