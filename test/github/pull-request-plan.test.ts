// The plan suite on the loopback test API; test/integration/ runs it on a real kube-apiserver.

import { planSuite } from "../suites/plan-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

planSuite(loopbackTarget);
