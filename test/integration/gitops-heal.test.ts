// The GitOps-that-heals suite against a real kube-apiserver.
import { inject } from "vitest";
import { gitopsHealSuite } from "../suites/gitops-heal-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

gitopsHealSuite(async () => realTarget(inject("realCluster")));
