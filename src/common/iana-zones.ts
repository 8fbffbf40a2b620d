import { IANAZone } from 'luxon';

/**
 * A check of IANA zone names for one file or form: luxon's builds an Intl formatter each time (most
 * of a 40,000-line import's time went there), and a file repeats a handful of zones, so each
 * distinct one is asked once.
 */
export function memoisedZoneCheck(): (zone: string) => boolean {
  const known = new Map<string, boolean>();
  return (zone) => {
    let valid = known.get(zone);
    if (valid === undefined) known.set(zone, (valid = IANAZone.isValidZone(zone)));
    return valid;
  };
}
