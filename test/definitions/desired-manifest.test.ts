import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Definition } from "../../app/definitions/definition.ts";
import { contentHashAnnotation, desiredManifest } from "../../app/definitions/desired-manifest.ts";
import { canonicalJson } from "../../app/util/canonical-json.ts";

const target = {
  namespace: "ml",
  repoFullName: "acme/pipelines",
  repositoryId: 7,
  commit: "a".repeat(40),
};

function definition(spec: unknown): Definition {
  return {
    kind: "WorkflowTemplate",
    name: "train",
    file: "workflows/train.yaml",
    line: 1,
    document: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowTemplate",
      metadata: { name: "train", labels: { team: "vision" }, annotations: { owner: "ml" } },
      spec: spec as Record<string, unknown>,
    },
  };
}

const spec = () => ({
  templates: [{ name: "main", container: { image: "python:3.12" } }],
  entrypoint: "main",
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe("the content hash of a desired manifest", () => {
  it("is the hash objects in clusters already carry, for a cached (frozen) spec as for a fresh one", () => {
    const fresh = desiredManifest(definition(spec()), target);
    const { labels = {}, annotations = {} } = fresh.metadata;
    const { [contentHashAnnotation]: hash, ...hashedAnnotations } = annotations;
    const { "coxswain.dev/commit": _commit, ...hashedLabels } = labels;
    const expected = createHash("sha256")
      .update(canonicalJson({ labels: hashedLabels, annotations: hashedAnnotations, spec: spec() }))
      .digest("hex")
      .slice(0, 32);
    expect(hash).toBe(expected);
    const frozen = deepFreeze(spec());
    expect(
      desiredManifest(definition(frozen), target).metadata.annotations?.[contentHashAnnotation],
    ).toBe(expected);
    // Asked again for the same frozen spec (the remembered JSON), and for a changed one.
    expect(
      desiredManifest(definition(frozen), target).metadata.annotations?.[contentHashAnnotation],
    ).toBe(expected);
    const changed = deepFreeze({ ...spec(), entrypoint: "other" });
    expect(
      desiredManifest(definition(changed), target).metadata.annotations?.[contentHashAnnotation],
    ).not.toBe(expected);
  });

  it("changes with a label or annotation coxswain hashes, not with the commit", () => {
    const frozen = deepFreeze(spec());
    const base = desiredManifest(definition(frozen), target).metadata.annotations?.[
      contentHashAnnotation
    ];
    const otherCommit = desiredManifest(definition(frozen), { ...target, commit: "b".repeat(40) });
    expect(otherCommit.metadata.annotations?.[contentHashAnnotation]).toBe(base);
    const otherRepo = desiredManifest(definition(frozen), { ...target, repositoryId: 8 });
    expect(otherRepo.metadata.annotations?.[contentHashAnnotation]).not.toBe(base);
  });
});
