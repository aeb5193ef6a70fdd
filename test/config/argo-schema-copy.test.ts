import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settingsFromEnv } from "../../app/config/env.ts";
import { argoSchemaPath } from "../support/shared-data.ts";

describe("the Argo schema coxswain ships", () => {
  it("is Argo's published schema, byte for byte, and the default", () => {
    const settings = settingsFromEnv({});
    if (!settings.ok) throw new Error(settings.error);
    expect(readFileSync(settings.settings.argoSchemaPath, "utf8")).toBe(
      readFileSync(argoSchemaPath, "utf8"),
    );
  });
});
