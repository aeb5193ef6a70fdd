// Pruning finished runs against a real kube-apiserver.
import { inject } from "vitest";
import { pruneSuite } from "../suites/prune-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

pruneSuite(async () => realTarget(inject("realCluster")));
