// The folders of app/ in layers, lowest first: a folder imports only folders of lower layers
// (never one of its own layer, never a higher one). `npm run layers` writes this into
// biome.json as noRestrictedImports rules, so `npm run lint` (and test/layering.test.ts, part of
// `npm test`) fails on an import that points up.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const layers: readonly (readonly string[])[] = [
  ["util", "yaml", "metrics", "cluster", "commands"],
  ["argo", "config", "git", "leader"],
  ["definitions"],
  ["runs", "sync"],
  ["watch"],
  ["ledger"],
  ["report", "prune"],
  ["use-cases"],
  ["github", "slack", "cli", "web"],
  ["server"],
];

/** How deep files sit below a folder of app/ (app/report/slack/x.ts is depth 2). */
const depths = [1, 2, 3];

export function layeringOverrides(): object[] {
  return layers.flatMap((layer, index) =>
    layer.flatMap((folder) => {
      const forbidden = layers
        .slice(index)
        .flat()
        .filter((other) => other !== folder);
      if (forbidden.length === 0) return [];
      const message = `app/${folder}/ is in layer ${index + 1} of scripts/layering.ts: it may import only folders of lower layers`;
      return depths.map((depth) => ({
        includes: [`app/${folder}/${"*/".repeat(depth - 1)}*.ts`],
        linter: {
          rules: {
            style: {
              noRestrictedImports: {
                level: "error",
                options: {
                  patterns: [
                    {
                      group: forbidden.map((other) => `${"../".repeat(depth)}${other}/**`),
                      message,
                    },
                  ],
                },
              },
            },
          },
        },
      }));
    }),
  );
}

export const biomeConfigPath = fileURLToPath(new URL("../biome.json", import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = JSON.parse(readFileSync(biomeConfigPath, "utf8")) as Record<string, unknown>;
  config.overrides = layeringOverrides();
  writeFileSync(biomeConfigPath, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`biome.json: ${(config.overrides as unknown[]).length} layering overrides written`);
}
