import { runReportingSuite } from "../suites/run-reporting-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

runReportingSuite(loopbackTarget);
