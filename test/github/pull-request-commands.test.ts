import { pullRequestCommandsSuite } from "../suites/pull-request-commands-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

pullRequestCommandsSuite(loopbackTarget);
