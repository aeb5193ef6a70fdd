// The merge trigger suite against a real kube-apiserver.
import { inject } from "vitest";
import { mergeTriggerSuite } from "../suites/merge-trigger-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

mergeTriggerSuite(async () => realTarget(inject("realCluster")));
