// The sync suite against a real kube-apiserver.
import { inject } from "vitest";
import { syncSuite } from "../suites/sync-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

syncSuite(async () => realTarget(inject("realCluster")));
