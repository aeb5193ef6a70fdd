// The command gate suite against a real kube-apiserver.
import { inject } from "vitest";
import { commandGateSuite } from "../suites/command-gate-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

commandGateSuite(async () => realTarget(inject("realCluster")));
