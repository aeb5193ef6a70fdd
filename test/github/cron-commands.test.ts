import { cronCommandsSuite } from "../suites/cron-commands-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

cronCommandsSuite(loopbackTarget);
