// The plan suite against a real kube-apiserver.
import { inject } from "vitest";
import { planSuite } from "../suites/plan-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

planSuite(async () => realTarget(inject("realCluster")));
