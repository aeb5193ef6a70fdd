// A page that says one thing: what a Rerun did or why not, a sign-in that failed, a bad filter.
import type { Message } from "../../report/message.ts";
import { type Html, html } from "../html.ts";
import type { Session } from "../session.ts";
import { layout } from "./layout.ts";

export function messagePage(
  title: string,
  message: Html,
  session: Session | undefined,
  back?: { href: string; label: string },
): string {
  return layout(
    title,
    [{ label: title }],
    html`<p role="status" class="message">${message}</p>${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ""}`,
    session,
  );
}

/** A use case's message: coxswain's words as text, values escaped, code as <code>. */
export function htmlOf(message: Message): Html {
  return html`${message.map((part) =>
    typeof part === "string" ? part : "code" in part ? html`<code>${part.code}</code>` : part.value,
  )}`;
}
