// Where a value of a definition sits: its path in the document and, for a value inside a
// `podSpecPatch` (a string of YAML), its path inside that patch. Problems are reported at the
// document path (so file and line come out right) and name the whole place.
import type { YamlPath } from "../../yaml/load-yaml.ts";

export interface Place {
  /** Path in the definition's document; for a value in a podSpecPatch, the patch's path. */
  path: YamlPath;
  /** Path inside the parsed podSpecPatch, when the value comes from one. */
  inPatch?: YamlPath;
}

export function placeAt(path: YamlPath): Place {
  return { path };
}

export function childOf(place: Place, ...keys: Array<string | number>): Place {
  return place.inPatch
    ? { path: place.path, inPatch: [...place.inPatch, ...keys] }
    : { path: [...place.path, ...keys] };
}

/** `spec.templates[2].container.securityContext.privileged`, or `….podSpecPatch: containers[0]…`. */
export function describePlace(place: Place): string {
  const outer = dotted(place.path);
  if (!place.inPatch) return outer;
  return place.inPatch.length ? `${outer}: ${dotted(place.inPatch)}` : outer;
}

export function dotted(path: YamlPath): string {
  let text = "";
  for (const step of path) {
    if (typeof step === "number") text += `[${step}]`;
    else text += text === "" ? step : `.${step}`;
  }
  return text;
}
