import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { slackExample } from "../../scripts/slack-example.ts";

describe("the README's example of a run in Slack", () => {
  it("is what the code posts (regenerate with node scripts/slack-example.ts)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(slackExample());
  });
});
