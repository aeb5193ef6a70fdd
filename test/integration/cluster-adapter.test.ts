// The cluster adapter suite against a real kube-apiserver.
import { inject } from "vitest";
import { clusterAdapterSuite } from "../suites/cluster-adapter-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

clusterAdapterSuite(async () => realTarget(inject("realCluster")));
