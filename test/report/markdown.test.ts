import { describe, expect, it } from "vitest";
import { code, escapeMarkdown, mention } from "../../app/report/markdown.ts";
import { markdownOf, say } from "../../app/report/message.ts";
import { codeSpans, proseText, renderMarkdown } from "./rendered-markdown.ts";

describe("code spans", () => {
  it.each([
    ["plain", "`plain`"],
    ["a``b", "```a``b```"],
    ["```", "```` ``` ````"],
    ["`x`", "`` `x` ``"],
    [" padded ", "`  padded  `"],
    ["two\nlines", "`two lines`"],
    ["   ", "`   `"],
    ["", "` `"],
  ])("shows %j in one span whatever backticks and spaces it has", (text, markdown) => {
    expect(code(text)).toBe(markdown);
    const shown = codeSpans(renderMarkdown(`x ${markdown} y`));
    expect(shown).toEqual([text ? text.replace("\n", " ") : " "]);
  });

  it("keeps a pipe (and a backslash before it) inside a table cell", () => {
    const table = (cell: string) => `| a | b |\n| --- | --- |\n| ${cell} | end |`;
    for (const text of ["x|y", "x\\|y", "x\\\\|y"]) {
      const html = renderMarkdown(table(code(text, "table")));
      expect(codeSpans(html).map((span) => span.replaceAll("\u200b", ""))).toEqual([text]);
      expect(html).toContain("<td>end</td>");
    }
  });
});

describe("text in Markdown", () => {
  it("makes @mentions, #references and bare URLs not live, the way GitHub does not link them", () => {
    const html = renderMarkdown(
      escapeMarkdown("@org/team @user #12 https://x.example www.x.example"),
    );
    expect(proseText(html)).toBe(
      "@\u200borg/team @\u200buser #\u200b12 https\u200b://x.example www\u200b.x.example",
    );
    expect(html).not.toContain("<a ");
  });

  it("mentions a GitHub login, and shows anything else as text", () => {
    expect(mention("octocat")).toBe("@octocat");
    expect(mention("org/team")).toBe("@&#8203;org/team");
    expect(mention("x<img src=y>")).toBe("@&#8203;x\\<img src=y\\>");
  });
});

describe("a message in Markdown", () => {
  it("keeps the spaces around a value and escapes what is inside it", () => {
    expect(markdownOf(say`ran${" <b>x</b> "}then`)).toBe("ran \\<b\\>x\\</b\\> then");
  });
});
