// Replicas sharing one PostgreSQL ledger, against a real kube-apiserver.
import { inject } from "vitest";
import { sharedLedgerSuite } from "../suites/shared-ledger-suite.ts";
import { realTarget } from "../support/cluster-target.ts";

sharedLedgerSuite(async () => realTarget(inject("realCluster")));
