// The sync suite on the loopback test API; test/integration/ runs it on a real kube-apiserver.

import { syncSuite } from "../suites/sync-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

syncSuite(loopbackTarget);
