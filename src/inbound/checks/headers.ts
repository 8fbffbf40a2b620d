import type { AddressObject, ParsedMail } from 'mailparser';

/**
 * Small header helpers shared by the checks. They read `headerLines` (the raw lines) rather than
 * `mail.headers`, because mailparser turns some headers into structured objects and leaves others as
 * strings, and a check must not depend on which of the two it gets.
 */

/** Joins folded continuation lines (RFC 5322 §2.2.3) so that a value can be matched as one line. */
export function unfold(value: string): string {
  return value.replace(/\r?\n[ \t]+/g, ' ');
}

/** Every value of a header, unfolded and trimmed, in message order; an absent header gives []. */
export function headerValues(mail: ParsedMail, name: string): string[] {
  const key = name.toLowerCase();
  return mail.headerLines
    .filter((line) => line.key === key)
    .map((line) => unfold(line.line.slice(line.line.indexOf(':') + 1)).trim());
}

/** True when the header occurs at all, even empty (Exchange sends `X-MS-Exchange-Message-Is-Ndr:` bare). */
export function hasHeader(mail: ParsedMail, name: string): boolean {
  const key = name.toLowerCase();
  return mail.headerLines.some((line) => line.key === key);
}

/** Lower-cased addresses of an address header, group members included. */
export function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: string[] = [];
  const visit = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.address) out.push(entry.address.toLowerCase());
      if (entry.group) visit(entry.group);
    }
  };
  for (const object of objects) visit(object.value);
  return out;
}

/** Strips angle brackets and surrounding blanks: `<a@b>` → `a@b`, `<>` → ``. */
export function bareAddress(value: string): string {
  return value
    .trim()
    .replace(/^<(.*)>$/s, '$1')
    .trim()
    .toLowerCase();
}

/** The local part without a `+tag` (`bounces+v1.x` → `bounces`). */
export function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  return local.split('+')[0].toLowerCase();
}

/** The domain of an address or of a Message-ID, lower-cased; '' when there is none. */
export function domainPart(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0
    ? ''
    : address
        .slice(at + 1)
        .replace(/>$/, '')
        .trim()
        .toLowerCase();
}

/** True for the domain itself and for any of its subdomains. */
export function isSameOrSubdomain(domain: string, parent: string): boolean {
  const d = domain.toLowerCase();
  const p = parent.toLowerCase().replace(/^\./, '');
  return p !== '' && (d === p || d.endsWith(`.${p}`));
}

/**
 * Parses a block of `Name: value` fields (a header section, or one block of a delivery-status
 * part) into lower-cased names and unfolded values; the first occurrence of a name wins, as a
 * later duplicate in these machine-written blocks is noise rather than a correction.
 */
export function parseFieldBlock(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of unfold(block).split(/\r?\n/)) {
    const match = /^([A-Za-z0-9-]+)[ \t]*:(.*)$/.exec(line);
    if (match && !fields.has(match[1].toLowerCase())) {
      fields.set(match[1].toLowerCase(), match[2].trim());
    }
  }
  return fields;
}
