// /cron against a real kube-apiserver (server-side apply's field ownership decides whether a
// suspension survives the sync).
import { inject } from "vitest";
import { cronCommandsSuite } from "../suites/cron-commands-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

cronCommandsSuite(async () => realTarget(inject("realCluster")));
