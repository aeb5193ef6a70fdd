// A pipeline page's query string: each filter read into the ledger's query, a cursor kept in
// the links, and every value that makes no sense named rather than ignored.
import { describe, expect, it } from "vitest";
import { filteredHref, ledgerQuery, parseFilters } from "../../app/web/run-filters.ts";

const parse = (query: string) => parseFilters(new URLSearchParams(query));

describe("run filters", () => {
  it("reads branch, pull request, phase and dates into the ledger's query (to: the whole day)", () => {
    const parsed = parse("branch=pull-requests&pr=42&phase=Failed&from=2026-11-01&to=2026-11-30");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(ledgerQuery("ml", "acme/p", "train", parsed.filters, undefined)).toEqual({
      namespace: "ml",
      repo: "acme/p",
      template: "train",
      limit: 50,
      branch: "pull-requests",
      pr: 42,
      phase: "Failed",
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 11, 1),
    });
  });

  it("keeps the filters and the cursor in the paging links, and reads them back", () => {
    const parsed = parse("phase=Failed");
    if (!parsed.ok) throw new Error(parsed.problem);
    const href = filteredHref("/runs/a/b/pipelines/t", parsed.filters, {
      recordedAt: 5,
      uid: "u-1",
      direction: "older",
    });
    expect(href).toBe("/runs/a/b/pipelines/t?phase=Failed&older=5%7Eu-1");
    const again = parseFilters(new URL(href, "http://x").searchParams);
    expect(again).toEqual({
      ok: true,
      filters: { phase: "Failed" },
      cursor: { recordedAt: 5, uid: "u-1", direction: "older" },
    });
  });

  it.each([
    ["branch=main", "branch must be default or pull-requests"],
    ["pr=abc", "pull request must be a number like 42"],
    ["pr=0", "pull request must be a number like 42"],
    ["pr=-3", "pull request must be a number like 42"],
    ["phase=Running", "phase must be one of Succeeded, Failed, Error"],
    ["from=yesterday", "from must be a date like 2026-12-01"],
    ["to=2026-13-45", "to must be a date like 2026-12-01"],
    ["older=nonsense", "this page's position in the list is not valid"],
  ])("names %s", (query, problem) => {
    expect(parse(query)).toEqual({ ok: false, problem });
  });
});
