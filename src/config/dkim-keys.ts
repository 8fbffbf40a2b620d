import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One DKIM key: its selector, the PEM we sign with, and the public half as published in DNS. */
export interface DkimKey {
  selector: string;
  privateKeyPem: string;
  /** Base64 of the SubjectPublicKeyInfo: the `p=` of `<selector>._domainkey.<domain>`. */
  publicKey: string;
  bits: number;
}

/**
 * What the SMTP and file transports sign with (`d=` RELAY_DOMAIN). Two keys during a rotation:
 * every email carries both signatures, so it verifies whichever of the two DNS records a receiver
 * finds while the new one propagates; drop the old selector once the next one resolves everywhere.
 */
export interface DkimSettings {
  domain: string;
  keys: DkimKey[];
}

const SELECTOR =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Receivers ignore keys under 1024 bits (RFC 8301); Gmail and Yahoo ask for 2048. */
const MIN_BITS = 1024;

type Raw = Record<string, string | undefined>;

/** The PEM from `<prefix>` or `<prefix>_FILE` (exactly one); `\n` escapes allowed in the variable. */
function readPem(raw: Raw, prefix: string, problems: string[]): string | undefined {
  const inline = raw[prefix];
  const file = raw[`${prefix}_FILE`];
  if (inline && file) {
    problems.push(`${prefix}, ${prefix}_FILE: set one of them, not both`);
    return undefined;
  }
  if (inline) return inline.replace(/\\n/g, '\n');
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${prefix}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
    return undefined;
  }
}

function parseKey(pem: string, setting: string, problems: string[]): KeyObject | undefined {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') {
      // Ed25519 signatures are ignored by most receivers, Gmail among them, unless an RSA one comes too.
      problems.push(`${setting}: an RSA private key is needed (got ${key.asymmetricKeyType})`);
      return undefined;
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_BITS) {
      problems.push(
        `${setting}: ${bits}-bit RSA is too short; receivers ignore keys under ${MIN_BITS} bits (use 2048)`,
      );
      return undefined;
    }
    return key;
  } catch (error) {
    problems.push(`${setting}: not a PEM private key (${(error as Error).message})`);
    return undefined;
  }
}

function loadKey(raw: Raw, suffix: '' | '_NEXT', problems: string[]): DkimKey | undefined {
  const keySetting = `DKIM_PRIVATE_KEY${suffix}`;
  const selectorSetting = `DKIM_SELECTOR${suffix}`;
  const pem = readPem(raw, keySetting, problems);
  const selector = raw[selectorSetting];
  const keyGiven = Boolean(raw[keySetting] || raw[`${keySetting}_FILE`]);
  if (!keyGiven && !selector) return undefined;
  if (!selector) {
    problems.push(`${selectorSetting}: required when ${keySetting} or ${keySetting}_FILE is set`);
    return undefined;
  }
  if (!SELECTOR.test(selector)) {
    problems.push(`${selectorSetting}: not a DNS label: ${selector}`);
    return undefined;
  }
  if (!keyGiven) {
    problems.push(
      `${keySetting}: ${keySetting} or ${keySetting}_FILE required when ${selectorSetting} is set`,
    );
    return undefined;
  }
  if (!pem) return undefined;
  const key = parseKey(pem, keySetting, problems);
  if (!key) return undefined;
  return {
    selector,
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64'),
    bits: key.asymmetricKeyDetails?.modulusLength ?? 0,
  };
}

/**
 * DKIM_SELECTOR with DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE, and the same three with _NEXT for a
 * rotation; read and checked at boot. SES signs with its own Easy DKIM, so keys there are refused
 * rather than silently unused. Production over SMTP needs a key: unsigned mail from a domain that
 * sends in bulk goes to spam at Gmail and Yahoo (their February 2024 sender rules).
 */
export function loadDkim(raw: Raw): { keys?: DkimKey[]; problems: string[] } {
  const problems: string[] = [];
  const current = loadKey(raw, '', problems);
  const next = loadKey(raw, '_NEXT', problems);
  const transport = raw.MAIL_TRANSPORT ?? 'file';
  const anyGiven = ['DKIM_SELECTOR', 'DKIM_PRIVATE_KEY', 'DKIM_PRIVATE_KEY_FILE'].some(
    (k) =>
      raw[k] || raw[k.replace('DKIM_SELECTOR', 'DKIM_SELECTOR_NEXT').replace(/KEY(_FILE)?$/, 'KEY_NEXT$1')],
  );
  if (transport === 'ses' && anyGiven) {
    problems.push(
      'DKIM_SELECTOR, DKIM_PRIVATE_KEY: not used with MAIL_TRANSPORT=ses (SES signs with Easy DKIM); unset them',
    );
    return { problems };
  }
  if (next && !current && !problems.length) {
    problems.push('DKIM_SELECTOR_NEXT: set only during a rotation, beside DKIM_SELECTOR and its key');
  }
  if (current && next && current.selector === next.selector) {
    problems.push('DKIM_SELECTOR_NEXT: must differ from DKIM_SELECTOR');
  }
  if (transport === 'smtp' && raw.NODE_ENV === 'production' && !current && !anyGiven) {
    problems.push(
      'DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE: required when MAIL_TRANSPORT=smtp and NODE_ENV=production',
    );
  }
  if (problems.length || !current) return { problems };
  return { keys: next ? [current, next] : [current], problems };
}
