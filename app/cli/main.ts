// The `coxswain` command line: `lint`, `plan` and `prune`, the same code as the app.
import { parseArgs } from "node:util";
import { CliError, cliContext } from "./cli-context.ts";
import { lintCommand } from "./lint-command.ts";
import { planCommand } from "./plan-command.ts";
import { pruneCommand } from "./prune-command.ts";
import { pruneDefinitionsCommand } from "./prune-definitions-command.ts";

const usage = `usage:
  coxswain lint [repo-dir] [--format text|json] [--policy policy.yaml --repo owner/name]
  coxswain plan [repo-dir] --repo owner/name (--namespace ns | --policy policy.yaml)
  coxswain prune [--dry-run] [--policy policy.yaml] [--namespace ns]
  coxswain prune --repo owner/name [--dry-run] [--namespace ns]

lint prints one "file:line:col: message" line per problem and exits 1 when anything is invalid.
With --policy and --repo, lint applies that repository's rule (pod security level, resource kinds,
ClusterWorkflowTemplates) and the allowed service accounts, as a sync does; without --policy it
applies a rule's defaults (baseline; no resource templates, no cluster templates) and does not
check service accounts.
plan compares with the cluster of the current kubeconfig context (KUBECONFIG) and changes nothing.
prune deletes the finished runs retention does not keep there (--dry-run: only says which, and why).
With --repo, prune deletes what coxswain synced for that repository instead (as onRemove: prune
does when coxswain stops serving it): only objects labelled for it, in every namespace or --namespace.`;

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { exitCode: 2, stdout: "", stderr: `coxswain: ${(error as Error).message}\n${usage}\n` };
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === "prune" && rest.length > 0)
    return { exitCode: 2, stdout: "", stderr: `coxswain: prune takes no path\n${usage}\n` };
  const [repoDir = ".", ...extra] = rest;
  if (values.help || !command)
    return { exitCode: command ? 0 : 2, stdout: `${usage}\n`, stderr: "" };
  if (extra.length > 0)
    return {
      exitCode: 2,
      stdout: "",
      stderr: `coxswain: unexpected argument "${extra[0]}"\n${usage}\n`,
    };
  try {
    if (command === "prune" && values.repo)
      return {
        ...(await pruneDefinitionsCommand(
          values.repo,
          {
            ...(values.namespace ? { namespace: values.namespace } : {}),
            dryRun: values["dry-run"] === true,
          },
          env.KUBECONFIG,
        )),
        stderr: "",
      };
    const context = cliContext(values, env);
    if (command === "lint") {
      if (values.format !== "text" && values.format !== "json")
        throw new CliError(`--format must be text or json`);
      return { ...(await lintCommand(repoDir, values.format, context)), stderr: "" };
    }
    if (command === "prune")
      return {
        ...(await pruneCommand(values["dry-run"] === true, context, env.KUBECONFIG)),
        stderr: "",
      };
    if (command === "plan")
      return { ...(await planCommand(repoDir, values.repo, context, env.KUBECONFIG)), stderr: "" };
    return {
      exitCode: 2,
      stdout: "",
      stderr: `coxswain: unknown command "${command}"\n${usage}\n`,
    };
  } catch (error) {
    if (error instanceof CliError)
      return { exitCode: 2, stdout: "", stderr: `coxswain: ${error.message}\n` };
    return { exitCode: 1, stdout: "", stderr: `coxswain: ${(error as Error).message}\n` };
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      policy: { type: "string" },
      repo: { type: "string" },
      namespace: { type: "string" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

if (import.meta.main) {
  const result = await main(process.argv.slice(2), process.env);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
