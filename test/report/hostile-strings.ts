// Text a repository, a step or a config can put in front of coxswain's renderers, each trying
// to become something other than text: HTML, a mention, a link, a table cell, a heading.
export const hostileStrings: Readonly<Record<string, string>> = {
  "two backticks": "a``b<img src=x onerror=alert(1)>``c",
  "three backticks and newlines": "```\n<img src=x onerror=alert(1)>\n```",
  "an img tag": "<img src=x onerror=alert(1)>",
  "a details tag": "<details open><summary>open me</summary>",
  "a team mention": "@org/team",
  "a user mention": "cc @user",
  "Slack mentions": "<!channel> <!here> <@U123>",
  "a Slack link": "<https://evil.example|click>",
  "a Slack mention breakout": "S1|x><!channel>",
  "pipes and newlines": "a | b\n| c | d |\n\n# heading\n- item",
  "issue references": "fixes #123 and acme/other#4",
  "a lone backtick": "`",
  "backticks and spaces at the edges": " `x` ",
  "a backslash before a pipe": "x\\|y",
  Markdown: "**bold** _it_ [link](https://evil.example) ![i](https://evil.example/x.png)",
  "character references": "&lt;img src=x onerror=alert(1)&gt;",
  "a forged marker": "<!-- coxswain:exit:train-1 -->",
};
