import { pruneSuite } from "../suites/prune-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

pruneSuite(loopbackTarget);
