// IANA time zones as Go's time.LoadLocation (which Argo uses) accepts them.
import { closestName } from "./suggestion.ts";

const knownZones: readonly string[] = [...Intl.supportedValuesOf("timeZone"), "UTC"];
const knownByLowerCase = new Map(knownZones.map((zone) => [zone.toLowerCase(), zone]));

/** Undefined when valid, else a message that suggests the zone probably meant. */
export function timeZoneProblem(zone: string): string | undefined {
  if (knownZones.includes(zone) || zone === "Local") return undefined;
  const sameButCase = knownByLowerCase.get(zone.toLowerCase());
  if (sameButCase !== undefined) {
    return `time zone "${zone}" must be written "${sameButCase}" (zone names are case-sensitive)`;
  }
  // Aliases such as US/Pacific are valid but not listed by supportedValuesOf; offsets such as
  // +01:00 are accepted by Intl but not by Go.
  if (/^[A-Za-z]/.test(zone) && acceptedByIntl(zone)) return undefined;
  const best = closestName(zone, knownZones);
  const hint = best === undefined ? "" : `; did you mean "${best}"?`;
  return `time zone "${zone}" is not a known IANA time zone${hint} (e.g. Europe/Berlin, America/New_York, UTC)`;
}

function acceptedByIntl(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
