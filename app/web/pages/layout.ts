// The frame of every page: title, where you are, who is signed in (and a sign-out form that
// carries the CSRF token), and the page's own content. Styles and scripts are our own files only.
import { type Html, html } from "../html.ts";
import type { Session } from "../session.ts";

export interface Crumb {
  label: string;
  href?: string;
}

export function layout(
  title: string,
  crumbs: readonly Crumb[],
  content: Html,
  session: Session | undefined,
  scripts: readonly string[] = [],
): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · coxswain</title>
<link rel="stylesheet" href="/runs/-/assets/uPlot.min.css">
<link rel="stylesheet" href="/runs/-/assets/runs.css">
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<header>
<nav aria-label="Breadcrumb"><ol>
<li><a href="/runs">coxswain runs</a></li>
${crumbs.map((crumb) => html`<li>${crumb.href ? html`<a href="${crumb.href}">${crumb.label}</a>` : html`<span aria-current="page">${crumb.label}</span>`}</li>`)}
</ol></nav>
${
  session
    ? html`<form class="who" method="post" action="/runs/-/sign-out">
<span>Signed in as <strong>${session.login}</strong></span>
<input type="hidden" name="csrf" value="${session.csrf}">
<button type="submit">Sign out</button>
</form>`
    : ""
}
</header>
<main>
<h1>${title}</h1>
${content}
</main>
</body>
</html>`}`;
}
