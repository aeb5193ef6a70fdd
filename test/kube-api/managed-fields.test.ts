import { describe, expect, it } from "vitest";
import { fieldPaths, fromFieldsV1, toFieldsV1 } from "../support/kube-api/field-set.ts";
import { ApiError } from "../support/kube-api/index.ts";
import {
  applyConfiguration,
  type ManagerEntry,
  recordUpdate,
} from "../support/kube-api/managed-fields.ts";

const T = "2026-01-01T00:00:00Z";
const V = "argoproj.io/v1alpha1";

describe("managed fields", () => {
  it("encodes what an Update owns with '.' for maps it created, and reads it back", () => {
    const set = fieldPaths(
      { metadata: { name: "x", labels: { a: "1" } }, spec: { entrypoint: "main", templates: [] } },
      true,
    );
    const encoded = toFieldsV1(set);
    expect(encoded).toEqual({
      "f:metadata": { "f:labels": { ".": {}, "f:a": {} } },
      "f:spec": { ".": {}, "f:entrypoint": {}, "f:templates": {} },
    });
    expect(fromFieldsV1(encoded)).toEqual(set);
  });

  it("moves changed fields to the updating manager and drops removed ones from everyone", () => {
    const before = { metadata: { labels: { a: "1", b: "2" } } };
    const created = recordUpdate([], undefined, before, "creator", V, T);
    const after = { metadata: { labels: { a: "changed" } } };
    const entries = recordUpdate(created, before, after, "editor", V, T);
    const owners = Object.fromEntries(entries.map((e) => [e.manager, toFieldsV1(e.fields)]));
    expect(owners).toEqual({
      creator: { "f:metadata": { "f:labels": {} } },
      editor: { "f:metadata": { "f:labels": { "f:a": {} } } },
    });
  });

  it("lists every conflicting field per manager when an apply conflicts with several", () => {
    const live = { spec: { a: "1", b: "2", c: "3" } };
    let entries: ManagerEntry[] = applyConfiguration(
      undefined,
      { spec: { a: "1", b: "2" } },
      [],
      "first",
      V,
      false,
      T,
    ).entries;
    entries = recordUpdate(entries, { spec: { a: "1", b: "2" } }, live, "kubectl", V, T);
    try {
      applyConfiguration(
        live,
        { spec: { a: "x", b: "y", c: "z" } },
        entries,
        "intruder",
        V,
        false,
        T,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).body.message).toBe(
        'Apply failed with 3 conflicts: conflicts with "first"\n- .spec.a\n- .spec.b\nconflicts with "kubectl" using argoproj.io/v1alpha1\n- .spec.c',
      );
    }
  });

  it("shares ownership when another applier sends the same value", () => {
    const first = applyConfiguration(undefined, { spec: { a: "1" } }, [], "one", V, false, T);
    const second = applyConfiguration(
      first.object,
      { spec: { a: "1" } },
      first.entries,
      "two",
      V,
      false,
      T,
    );
    expect(second.entries.map((e) => [e.manager, [...e.fields]])).toEqual([
      ["one", ['["spec","a"]']],
      ["two", ['["spec","a"]']],
    ]);
  });
});
