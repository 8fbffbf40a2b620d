import { isHeuristicLine } from './limits';
import { fold, stripFormatChars } from './text-utils';

/**
 * Signatures and client footers. A delimiter line ("-- ", "--", a rule of underscores, an
 * em dash alone) starts a signature that runs to the end; a client footer ("Sent from my
 * iPhone", "Get Outlook for iOS", ...) ends the new text. Undelimited sign-offs
 * ("Thanks,\nAnn") are deliberately not touched: they are part of what the person wrote.
 */

/** `-- ` (RFC 3676), `--`, `__…`, `—`, `–` alone, and Outlook's long underscore rules. */
const DELIMITER_RE = /^(?:--|_{2,}|[—–])\s*$/u;

export function isSignatureDelimiter(line: string): boolean {
  if (!isHeuristicLine(line)) return false;
  return DELIMITER_RE.test(stripFormatChars(line).replace(/^\s+/, ''));
}

const POSSESSIVE = '(my|mon|ma|mi|meu|minha|mio|mijn|min|mitt|moj|mój|moje|mého|meho|mog|моего|мого)\\b';
// Prefixes, so that inflected names match too: "iPhonu", "iPhonea", "iPhone'umdan".
const DEVICE =
  '(iphon|ipad|android|mail|outlook|samsung|galaxy|mobile|phone|smartphone|blackberry|yahoo|gmail|proton|tablet|device|windows|huawei|xiaomi|pixel|nokia|bluemail|spark|airmail|aquamail|tutanota|ios|superhuman|mailspring|fairemail|thunderbird|yandex|яндекс)';

/** Footers mobile and desktop clients append, per language (folded text, whole line). */
const FOOTER_PATTERNS: RegExp[] = [
  // "Sent from my iPhone", "Sent from my Wiko RIDGE FAB 4G", "Sent from Mail for Windows 10",
  // "Sent via mobile device": the verb, a preposition, then a possessive or a device/app name.
  new RegExp(
    `^(sent|envoye|enviado|enviada|enviat|inviato|verzonden|verstuurd|skickat|sendt|lahetetty|wyslane|wysłane|odeslano|odoslane|poslano|отправлено|надіслано|trimis|dikirim|gui|σταλθηκε)\\s+(from|via|with|using|de|da|do|des de|des del|desde|a partir de|depuis|dal|vanaf|van|met|fra|fran|från|[zсзs]|ze|iz|из|із|cu|dari|tu|απο)\\s+(${POSSESSIVE}|.{0,30}${DEVICE})[^,;!?]{0,40}$`,
    'u',
  ),
  /^(von|vom) meinem .{1,40} gesendet\.?$/u,
  /^gesendet (von|mit) .{1,50}$/u,
  /^diese nachricht wurde von meinem .{1,60} gesendet\.?$/u,
  /^(get|download|obtener|obter|telecharger|scarica|ottieni|hol dir|holen sie sich) (the |o |el |l')?outlook\b.{0,40}$/u,
  /^outlook .{0,20}(beziehen|herunterladen)\b.{0,40}$/u,
  /^.{0,20}(iphone|ipad|android|blackberry|smartphone|mobile)\s*(から送信|发送|發送|에서 보냄)$/u,
  /^(从我的|從我的|나의).{1,30}(发送|發送|보냄)$/u,
  /^ا?رسلت من .{1,30}$/u,
  // The device first: Turkish, Hungarian; Hebrew, Chinese and Thai ("sent from" first, folded).
  new RegExp(`^(az )?.{0,20}${DEVICE}\\S{0,12}\\s+(gonderildi|kuldve)\\.?$`, 'u'),
  /^נשלח מ.{1,40}$/u,
  /^(发自|發自)(我的)?.{1,30}$/u,
  /^สงจาก .{1,40}$/u,
  new RegExp(`^(lahetetty|inviato da|enviado de)\\s.{0,30}${DEVICE}.{0,20}$`, 'u'),
];

export function isClientFooter(line: string): boolean {
  if (!isHeuristicLine(line)) return false;
  const f = fold(line)
    .replace(/<[^<>]*>$/, '')
    .replace(/\[[^[\]]*\]$/, '')
    .trim();
  if (f.length < 8 || f.length > 90) return false;
  return FOOTER_PATTERNS.some((re) => re.test(f));
}
