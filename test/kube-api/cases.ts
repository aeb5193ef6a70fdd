// Raw HTTP requests and the answers kube-apiserver v1.20 gave (../shared/argo/apiserver-recorded.md,
// recorded with Argo's full CRDs, and the integration suite's server with the minimal ones), as
// data, so the same table runs against the test API and against a real server (conformance.ts).

import { AUTH } from "./cases/access.ts";
import { SSA } from "./cases/apply.ts";
import { CORE } from "./cases/core.ts";
import { DELETES } from "./cases/deletes.ts";
import { LISTS, PAGING, WATCHES } from "./cases/lists.ts";
import { MINIMAL_CRDS } from "./cases/minimal-crds.ts";
import { CREATE_AND_READ } from "./cases/objects.ts";
import { PATCHES } from "./cases/patches.ts";
import type { ConformanceCase } from "./conformance.ts";

export const CASES: readonly ConformanceCase[] = [
  ...CREATE_AND_READ,
  ...LISTS,
  ...SSA,
  ...PATCHES,
  ...AUTH,
  ...PAGING,
  ...WATCHES,
  ...DELETES,
  ...CORE,
  ...MINIMAL_CRDS,
];
