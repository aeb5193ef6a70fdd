// The run reporting suite against a real kube-apiserver.
import { inject } from "vitest";
import { runReportingSuite } from "../suites/run-reporting-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

runReportingSuite(async () => realTarget(inject("realCluster")));
