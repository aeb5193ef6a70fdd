// Reads and validates every definition of a repository at one commit, the same way for a
// sync, a PR plan and `coxswain lint`. All problems are collected, each with file and line.
import type { ArgoSchemaValidator } from "../argo/argo-schema.ts";
import { lintContextOf } from "../argo/lint/lint-context.ts";
import {
  extendsOf,
  type RepoPolicy,
  repoConfigPath,
  repoPolicyFrom,
  type SharedConfig,
} from "../config/repo-config.ts";
import type { ServerPolicy } from "../config/server-policy.ts";
import type { FileEntry, RepoSnapshot } from "../git/repo-mirror.ts";
import { loadYaml, type YamlDocument } from "../yaml/load-yaml.ts";
import { checkDocument } from "./check-document.ts";
import { checkDuplicates } from "./check-duplicates.ts";
import type { Definition, DefinitionsResult, FileProblem } from "./definition.ts";
import {
  type DefinitionCache,
  type FileReading,
  fileReadingKey,
  readingContextKey,
} from "./definition-cache.ts";
import { lintContextKey, lintDefinitions } from "./lint-definitions.ts";
import type { LocatedDefinition } from "./located-problem.ts";

export interface ReadContext {
  server: ServerPolicy;
  /** The repository's namespace; unknown for a lint without a server policy. */
  namespace?: string;
  /** `owner/name`, for the server policy's rule on what its definitions may do. */
  repoFullName?: string;
  schema: ArgoSchemaValidator;
  /** Reads the config an `_extends` names (from GitHub); without it `_extends` is not followed. */
  sharedConfig?: (target: string) => Promise<SharedConfig>;
  /** Readings of files by blob id, kept across calls (a commit snapshot's files only). */
  cache?: DefinitionCache;
}

export type RepoDefinitions =
  | { ok: true; policy: RepoPolicy; definitions: Definition[]; warnings: FileProblem[] }
  | { ok: false; policy?: RepoPolicy; problems: FileProblem[] };

const definitionFile = /\.ya?ml$/;

export async function readRepoDefinitions(
  snapshot: RepoSnapshot,
  context: ReadContext,
): Promise<RepoDefinitions> {
  const text = await snapshot.readText(repoConfigPath);
  const target = context.sharedConfig ? extendsOf(text) : undefined;
  const shared = target && context.sharedConfig ? await context.sharedConfig(target) : undefined;
  const configured = repoPolicyFrom(text, context.server, shared, context.repoFullName);
  if (!configured.ok) {
    return {
      ok: false,
      problems: configured.issues.map((issue) => ({
        file: repoConfigPath,
        ...issue.position,
        message: `${issue.key}: ${issue.message}`,
        severity: "error",
      })),
    };
  }
  const policy = configured.policy;
  const result = await readDefinitions(snapshot, policy, context);
  return { ...result, policy };
}

export async function readDefinitions(
  snapshot: RepoSnapshot,
  policy: RepoPolicy,
  context: Omit<ReadContext, "server">,
): Promise<DefinitionsResult> {
  const files = (await snapshot.listFiles(policy.definitionPaths)).filter((file) =>
    definitionFile.test(file.path),
  );
  if (files.length > policy.maxFiles) {
    return {
      ok: false,
      problems: [
        problemAt(
          files[policy.maxFiles]?.path ?? "",
          1,
          1,
          `${files.length} definition files; the server policy allows at most ${policy.maxFiles}`,
        ),
      ],
    };
  }
  const problems: FileProblem[] = [];
  const readable: FileEntry[] = [];
  for (const file of files) {
    if (file.omitted || file.size > policy.maxFileBytes) {
      const size = file.omitted ? `more than ${file.size}` : `${file.size}`;
      problems.push(
        problemAt(
          file.path,
          1,
          1,
          `file is ${size} bytes; the server policy allows at most ${policy.maxFileBytes} per file`,
        ),
      );
    } else {
      readable.push(file);
    }
  }
  const definitions: Definition[] = [];
  const outcomes = await readFiles(snapshot, readable, policy, context);
  for (const outcome of outcomes) {
    problems.push(...outcome.problems);
    definitions.push(...outcome.definitions.map(({ definition }) => definition));
  }
  const lintProblems = lintFiles(outcomes, definitions, context.cache);
  const crossChecks = [...checkDuplicates(definitions), ...lintProblems];
  problems.push(...crossChecks);
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, definitions, warnings: sortProblems(problems) };
}

/** One file's definitions, each with the YAML document that places its problems on lines. */
interface FileOutcome {
  definitions: LocatedDefinition[];
  problems: FileProblem[];
  /** Its key in the cache, when it may be cached. */
  key?: string;
}

/**
 * The lint's problems, file by file. A file's problems depend on its own documents and on the
 * repository's WorkflowTemplates (for templateRefs): cached under both.
 */
function lintFiles(
  outcomes: readonly FileOutcome[],
  definitions: readonly Definition[],
  cache: DefinitionCache | undefined,
): FileProblem[] {
  const lintContext = lintContextOf(definitions.map((definition) => definition.document));
  const contextKey = cache ? lintContextKey(lintContext) : "";
  return outcomes.flatMap(({ definitions: located, key }) => {
    const lint = () => lintDefinitions(located, lintContext);
    return cache && key !== undefined
      ? cache.lintProblems(`${key}\u0000${contextKey}`, lint)
      : lint();
  });
}

/**
 * Reads, parses and checks each file, in order. With a cache and a snapshot whose ids are blob
 * ids, a file read before under the same policy and namespace is not read or parsed again.
 */
async function readFiles(
  snapshot: RepoSnapshot,
  files: readonly FileEntry[],
  policy: RepoPolicy,
  context: Omit<ReadContext, "server">,
): Promise<FileOutcome[]> {
  const cache = snapshot.contentAddressed ? context.cache : undefined;
  const contextKey = cache ? readingContextKey(policy, context.namespace) : "";
  const keyOf = (file: FileEntry) => fileReadingKey(contextKey, file.path, file.oid);
  const cached = new Map<string, FileReading>();
  for (const file of files) {
    const reading = cache?.get(keyOf(file));
    if (reading) cached.set(file.path, reading);
  }
  const blobs = await snapshot.readBlobs(files.filter((file) => !cached.has(file.path)));
  return files.map((file) => {
    const key = cache ? keyOf(file) : undefined;
    const reading = cached.get(file.path);
    if (reading) return { ...fromCache(reading), key };
    const text = blobs.get(file.path)?.toString("utf8") ?? "";
    const outcome = readFile(text, file.path, policy, context);
    if (!cache || key === undefined) return outcome;
    cache.set(key, {
      text,
      problems: outcome.problems,
      definitions: outcome.definitions.map(({ definition, document }) => ({
        definition,
        documentIndex: document.index,
      })),
    });
    return { ...outcome, key };
  });
}

function readFile(
  text: string,
  file: string,
  policy: RepoPolicy,
  context: Omit<ReadContext, "server">,
): FileOutcome {
  const loaded = loadYaml(text);
  if (!loaded.ok) {
    return {
      definitions: [],
      problems: [problemAt(file, loaded.position.line, loaded.position.column, loaded.message)],
    };
  }
  const outcome: FileOutcome = { definitions: [], problems: [] };
  for (const document of loaded.documents) {
    const checked = checkDocument(document, file, policy, context);
    outcome.problems.push(...checked.problems);
    if (checked.definition) outcome.definitions.push({ definition: checked.definition, document });
  }
  return outcome;
}

/** A cached reading; its documents are parsed again only if a lint problem must be placed. */
function fromCache(reading: FileReading): FileOutcome {
  let parsed: YamlDocument[] | undefined;
  const documentAt = (index: number): YamlDocument | undefined => {
    if (!parsed) {
      const loaded = loadYaml(reading.text);
      parsed = loaded.ok ? loaded.documents : [];
    }
    return parsed[index];
  };
  return {
    problems: reading.problems,
    definitions: reading.definitions.map(({ definition, documentIndex }) => ({
      definition,
      document: {
        value: definition.document,
        index: documentIndex,
        locate: (path) => documentAt(documentIndex)?.locate(path) ?? { line: 1, column: 1 },
      },
    })),
  };
}

function problemAt(file: string, line: number, column: number, message: string): FileProblem {
  return { file, line, column, message, severity: "error" };
}

function sortProblems(problems: FileProblem[]): FileProblem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}
