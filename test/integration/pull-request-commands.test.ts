// The pull request commands suite against a real kube-apiserver.
import { inject } from "vitest";
import { pullRequestCommandsSuite } from "../suites/pull-request-commands-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

pullRequestCommandsSuite(async () => realTarget(inject("realCluster")));
