// Replicas sharing one PostgreSQL ledger, on the loopback test API.
import { sharedLedgerSuite } from "../suites/shared-ledger-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

sharedLedgerSuite(loopbackTarget);
