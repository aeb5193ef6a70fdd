// The pages' own files, read once at start: our stylesheet and script, and uPlot from its npm
// package (served from here, so the Content-Security-Policy can name only 'self').
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Asset {
  type: string;
  body: Buffer;
}

const here = dirname(fileURLToPath(import.meta.url));
const uplot = join(dirname(createRequire(import.meta.url).resolve("uplot")), "");

export function loadAssets(): Map<string, Asset> {
  const read = (path: string, type: string): Asset => ({ type, body: readFileSync(path) });
  return new Map([
    ["runs.css", read(join(here, "assets", "runs.css"), "text/css; charset=utf-8")],
    ["trends.js", read(join(here, "assets", "trends.js"), "text/javascript; charset=utf-8")],
    ["uPlot.iife.min.js", read(join(uplot, "uPlot.iife.min.js"), "text/javascript; charset=utf-8")],
    ["uPlot.min.css", read(join(uplot, "uPlot.min.css"), "text/css; charset=utf-8")],
  ]);
}
