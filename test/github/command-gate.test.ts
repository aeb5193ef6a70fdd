import { commandGateSuite } from "../suites/command-gate-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

commandGateSuite(loopbackTarget);
