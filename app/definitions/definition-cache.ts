// What reading one definition file gave (its definitions and problems), kept by git blob id so
// that a sync of a commit that changes one file parses and validates only that file. A result
// is reused only under the same validation context (the repository's policy, its namespace,
// the same schema validator): anything that could change the outcome is part of the key.
import { createHash } from "node:crypto";
import type { ArgoSchemaValidator } from "../argo/argo-schema.ts";
import type { RepoPolicy } from "../config/repo-config.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import type { Definition, FileProblem } from "./definition.ts";

/** One file's outcome, in the order reading it produced them. */
export interface FileReading {
  /** Each definition with the index of its YAML document in the file. */
  definitions: { definition: Definition; documentIndex: number }[];
  problems: FileProblem[];
  /** The file's text, parsed again only to place a cross-file (lint) problem on a line. */
  text: string;
}

/** Files kept by default: a few large repositories, or many small ones. */
const defaultMaxFiles = 5_000;

export class DefinitionCache {
  readonly #maxFiles: number;
  /** Least recently used first (a Map keeps insertion order). */
  readonly #files = new Map<string, FileReading>();
  /** A file's lint problems, under the repository's WorkflowTemplates (`lintProblems`). */
  readonly #lints = new Map<string, FileProblem[]>();

  constructor(maxFiles = defaultMaxFiles) {
    this.#maxFiles = maxFiles;
  }

  get size(): number {
    return this.#files.size;
  }

  /**
   * The reading, frozen: shared by every caller without a copy (a copy of 200 readings cost a
   * one-file sync ~4 ms), and a caller that tried to change it would throw, not change the cache.
   */
  get(key: string): FileReading | undefined {
    const reading = this.#files.get(key);
    if (!reading) return undefined;
    remember(this.#files, key, reading, this.#maxFiles);
    return reading;
  }

  set(key: string, reading: FileReading): void {
    const kept = deepFreeze(
      structuredClone({ definitions: reading.definitions, problems: reading.problems }),
    );
    remember(this.#files, key, { ...kept, text: reading.text }, this.#maxFiles);
  }

  /** A file's lint problems under a lint context (`key`), computed by `lint` unless known. */
  lintProblems(key: string, lint: () => FileProblem[]): FileProblem[] {
    const known = this.#lints.get(key);
    if (known) {
      remember(this.#lints, key, known, this.#maxFiles);
      return known;
    }
    const problems = deepFreeze(structuredClone(lint()));
    remember(this.#lints, key, problems, this.#maxFiles);
    return problems;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function remember<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}

/**
 * The key of everything outside a file that decides how it reads: the policy (kinds, admission,
 * service accounts, limits) and the namespace. The validator is not in it: a cache serves one
 * validator (see `definitionCacheFor`).
 */
export function readingContextKey(policy: RepoPolicy, namespace: string | undefined): string {
  return createHash("sha256")
    .update(canonicalJson({ policy, namespace: namespace ?? null }))
    .digest("hex");
}

/** The key of one file under a context: its path (problems name it) and its blob id. */
export function fileReadingKey(context: string, path: string, oid: string): string {
  return `${context}\u0000${oid}\u0000${path}`;
}

const cachesByValidator = new WeakMap<ArgoSchemaValidator, DefinitionCache>();

/** The cache of the readings a validator made: it lives as long as the validator (the app's). */
export function definitionCacheFor(schema: ArgoSchemaValidator): DefinitionCache {
  let cache = cachesByValidator.get(schema);
  if (!cache) {
    cache = new DefinitionCache();
    cachesByValidator.set(schema, cache);
  }
  return cache;
}
