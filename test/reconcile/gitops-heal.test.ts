// The GitOps-that-heals suite on the loopback test API.
import { gitopsHealSuite } from "../suites/gitops-heal-suite.ts";
import { loopbackTarget } from "../support/cluster-target.ts";

gitopsHealSuite(loopbackTarget);
