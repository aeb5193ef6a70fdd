import { mergeTriggerSuite } from "../suites/merge-trigger-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

mergeTriggerSuite(loopbackTarget);
