// Reply and forward prefixes of the common clients in many languages (Re, Fwd, AW, WG, SV, VS,
// Antw, Doorst, RIF, R, TR, ENC, RV, Odp, PD, Ynt, İlt, Vá, Továbbítás, 回复, 转发, 答复, 返信, 转寄...).
const PREFIX =
  /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|doorst|rif|r|tr|enc|rv|odp|pd|ynt|ilt|İlt|vá|továbbítás|ats|pārs|vl|απ|σχετ|πρθ|отв|пересл|回复|回覆|转发|轉寄|答复|返信|転送|fs)(?:\s*\[\d+\])?\s*[:：]\s*|\[[^\]]{1,40}\]\s*)+/iu;

/** The thread-matching key of a subject: no reply prefixes or list tags, whitespace folded, lower case. */
export function normalizeSubject(subject: string | null | undefined): string {
  let s = (subject ?? '').normalize('NFC');
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, '');
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

// Forward prefixes only (Fwd, FW, WG, TR, ENC, RV, I, Doorst, PD, VL, İlt, Továbbítás, Пересл, 转发...).
// "VS" is left out: Danish for a forward, Finnish for a reply.
const FORWARD_PREFIX = /^\s*(?:fwd?|wg|tr|enc|rv|i|doorst|pd|ilt|İlt|továbbítás|vl|pārs|пересл|转发|轉寄|転送)\s*[:：]/iu;

/** The forward prefix a subject starts with, as written ("WG:"), or null. */
export function forwardPrefix(subject: string | null | undefined): string | null {
  const m = FORWARD_PREFIX.exec((subject ?? '').normalize('NFC'));
  return m ? m[0].replace(/\s+/g, '') : null;
}

/**
 * The subject a thread is shown and relayed under: the original, without reply prefixes. A
 * forward keeps its one forward prefix: "Fwd: Job offer" tells the partner this is someone
 * else's email passed on, not the author's own words.
 */
export function baseSubject(subject: string | null | undefined): string {
  let s = (subject ?? '').normalize('NFC');
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, '');
    if (next === s) break;
    s = next;
  }
  const base = s.replace(/\s+/g, ' ').trim() || '(no subject)';
  const forward = forwardPrefix(subject);
  return forward ? `${forward} ${base}` : base;
}
