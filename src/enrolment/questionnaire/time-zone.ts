import { IANAZone } from 'luxon';
import { normalise } from './text-match';

/** Cities, countries and abbreviations people write that are not the last part of a zone name. */
const EXTRA: Record<string, string> = {
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  portland: 'America/Los_Angeles',
  'san diego': 'America/Los_Angeles',
  'las vegas': 'America/Los_Angeles',
  boston: 'America/New_York',
  washington: 'America/New_York',
  'washington dc': 'America/New_York',
  philadelphia: 'America/New_York',
  atlanta: 'America/New_York',
  miami: 'America/New_York',
  nyc: 'America/New_York',
  houston: 'America/Chicago',
  dallas: 'America/Chicago',
  austin: 'America/Chicago',
  'salt lake city': 'America/Denver',
  montreal: 'America/Toronto',
  ottawa: 'America/Toronto',
  calgary: 'America/Edmonton',
  rio: 'America/Sao_Paulo',
  'rio de janeiro': 'America/Sao_Paulo',
  'sao paulo': 'America/Sao_Paulo',
  brasilia: 'America/Sao_Paulo',
  barcelona: 'Europe/Madrid',
  valencia: 'Europe/Madrid',
  seville: 'Europe/Madrid',
  sevilla: 'Europe/Madrid',
  porto: 'Europe/Lisbon',
  lyon: 'Europe/Paris',
  marseille: 'Europe/Paris',
  toulouse: 'Europe/Paris',
  munich: 'Europe/Berlin',
  munchen: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  cologne: 'Europe/Berlin',
  koln: 'Europe/Berlin',
  milan: 'Europe/Rome',
  milano: 'Europe/Rome',
  naples: 'Europe/Rome',
  florence: 'Europe/Rome',
  turin: 'Europe/Rome',
  geneva: 'Europe/Zurich',
  basel: 'Europe/Zurich',
  rotterdam: 'Europe/Amsterdam',
  'the hague': 'Europe/Amsterdam',
  antwerp: 'Europe/Brussels',
  krakow: 'Europe/Warsaw',
  edinburgh: 'Europe/London',
  glasgow: 'Europe/London',
  manchester: 'Europe/London',
  birmingham: 'Europe/London',
  leeds: 'Europe/London',
  liverpool: 'Europe/London',
  bristol: 'Europe/London',
  cardiff: 'Europe/London',
  belfast: 'Europe/London',
  cork: 'Europe/Dublin',
  'cape town': 'Africa/Johannesburg',
  durban: 'Africa/Johannesburg',
  pretoria: 'Africa/Johannesburg',
  abuja: 'Africa/Lagos',
  'addis ababa': 'Africa/Addis_Ababa',
  kigali: 'Africa/Kigali',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  mumbai: 'Asia/Kolkata',
  bombay: 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  chennai: 'Asia/Kolkata',
  hyderabad: 'Asia/Kolkata',
  pune: 'Asia/Kolkata',
  lahore: 'Asia/Karachi',
  islamabad: 'Asia/Karachi',
  beijing: 'Asia/Shanghai',
  shenzhen: 'Asia/Shanghai',
  guangzhou: 'Asia/Shanghai',
  'abu dhabi': 'Asia/Dubai',
  doha: 'Asia/Qatar',
  'tel aviv': 'Asia/Jerusalem',
  osaka: 'Asia/Tokyo',
  kyoto: 'Asia/Tokyo',
  canberra: 'Australia/Sydney',
  wellington: 'Pacific/Auckland',
  // Countries with one zone, and the ones people name for their capital's.
  uk: 'Europe/London',
  'united kingdom': 'Europe/London',
  england: 'Europe/London',
  scotland: 'Europe/London',
  wales: 'Europe/London',
  ireland: 'Europe/Dublin',
  france: 'Europe/Paris',
  germany: 'Europe/Berlin',
  spain: 'Europe/Madrid',
  portugal: 'Europe/Lisbon',
  italy: 'Europe/Rome',
  netherlands: 'Europe/Amsterdam',
  belgium: 'Europe/Brussels',
  switzerland: 'Europe/Zurich',
  poland: 'Europe/Warsaw',
  sweden: 'Europe/Stockholm',
  norway: 'Europe/Oslo',
  denmark: 'Europe/Copenhagen',
  finland: 'Europe/Helsinki',
  greece: 'Europe/Athens',
  turkey: 'Europe/Istanbul',
  nigeria: 'Africa/Lagos',
  ghana: 'Africa/Accra',
  kenya: 'Africa/Nairobi',
  egypt: 'Africa/Cairo',
  'south africa': 'Africa/Johannesburg',
  india: 'Asia/Kolkata',
  pakistan: 'Asia/Karachi',
  bangladesh: 'Asia/Dhaka',
  japan: 'Asia/Tokyo',
  'south korea': 'Asia/Seoul',
  korea: 'Asia/Seoul',
  china: 'Asia/Shanghai',
  philippines: 'Asia/Manila',
  'new zealand': 'Pacific/Auckland',
  uae: 'Asia/Dubai',
  // Abbreviations and names of zones.
  gmt: 'Europe/London',
  bst: 'Europe/London',
  utc: 'UTC',
  cet: 'Europe/Paris',
  cest: 'Europe/Paris',
  eet: 'Europe/Athens',
  ist: 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  est: 'America/New_York',
  edt: 'America/New_York',
  eastern: 'America/New_York',
  'eastern time': 'America/New_York',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  central: 'America/Chicago',
  'central time': 'America/Chicago',
  mst: 'America/Denver',
  mountain: 'America/Denver',
  'mountain time': 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  'pacific time': 'America/Los_Angeles',
};

let byName: Map<string, string> | null = null;

/** Every zone by its full name and by its city ("new york" -> America/New_York), then the extras. */
function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    byName.set(zone.toLowerCase(), zone);
    const city = normalise(zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' '));
    if (!byName.has(city)) byName.set(city, zone);
  }
  for (const [name, zone] of Object.entries(EXTRA)) byName.set(normalise(name), zone);
  return byName;
}

/**
 * The IANA zone an answer names: a zone name ("Europe/Lisbon"), a city or country ("Lyon",
 * "I live in São Paulo"), an abbreviation ("EST") or an offset ("UTC+2", "GMT-5"). Null if none.
 */
export function parseTimeZone(text: string): string | null {
  const trimmed = text.trim();
  const direct = names().get(trimmed.toLowerCase());
  if (direct) return direct;
  const offset = /\b(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?00)?\b/i.exec(trimmed);
  if (offset) {
    const hours = Number(offset[2]);
    // Etc/GMT signs are inverted by POSIX convention: UTC+2 is Etc/GMT-2.
    const zone = hours === 0 ? 'UTC' : `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`;
    if (IANAZone.isValidZone(zone)) return zone;
  }
  const tokens = normalise(trimmed).split(' ').filter(Boolean);
  for (let size = Math.min(4, tokens.length); size >= 1; size--) {
    for (let i = 0; i + size <= tokens.length; i++) {
      const phrase = tokens.slice(i, i + size).join(' ');
      const zone = names().get(phrase);
      if (zone && IANAZone.isValidZone(zone)) return zone;
    }
  }
  return null;
}
