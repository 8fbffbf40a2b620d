import { isHeuristicLine } from './limits';
import { isQuotedLine } from './quote-lines';
import { fold, isBlank } from './text-utils';

/**
 * Outlook/Exchange (and webmail) put the quoted message under a small header block instead
 * of an attribution line: "From: / Sent: / To: / Subject:", translated into the user's
 * language, sometimes *bold*, sometimes under a rule or an "Original Message" line.
 */

export type HeaderKind = 'from' | 'date' | 'to' | 'cc' | 'subject';

/** Field names per kind, folded (lower case, no accents). */
const FIELDS: Record<HeaderKind, string[]> = {
  from: [
    'from',
    'von',
    'de',
    'da',
    'van',
    'fran',
    'fra',
    'od',
    'от',
    'від',
    'lahettaja',
    'felado',
    'kimden',
    'απο',
    '发件人',
    '寄件者',
    '寄件人',
    '差出人',
    '보낸 사람',
    'من',
    'מאת',
    'afzender',
    'saatja',
    'siuntejas',
    'sutitajs',
    'feladó',
    'posiljatelj',
    'odesilatel',
    'tu',
    'từ',
    'dari',
    'daripada',
    'de la',
    'nuo',
    'salje',
    'šalje',
    'จาก',
    'از',
  ],
  date: [
    'sent',
    'date',
    'gesendet',
    'datum',
    'envoye',
    'envoye le',
    'enviado',
    'enviada',
    'enviado el',
    'inviato',
    'data',
    'verzonden',
    'skickat',
    'sendt',
    'wyslano',
    'wysłano',
    'отправлено',
    'дата',
    'надіслано',
    'lahetetty',
    'paivays',
    'elkuldve',
    'datum',
    'gonderildi',
    'gönderildi',
    'tarih',
    'σταλθηκε',
    'ημερομηνια',
    '发送时间',
    '日期',
    '時間',
    '送出日期',
    '送信日時',
    '日付',
    '보낸 날짜',
    'تم الإرسال',
    'التاريخ',
    'נשלח',
    'trimis',
    'odeslano',
    'poslano',
    'message du',
    'sent at',
    'đa gui',
    'đã gửi',
    'dikirim',
    'dihantar',
    'изпратено',
    'issiusta',
    'išsiųsta',
    'saadetud',
    'enviat',
    'ส่ง',
    'ارسال شده',
    'nosutits',
    'nosūtīts',
    'odoslane',
    'odoslané',
  ],
  to: [
    'to',
    'an',
    'a',
    'à',
    'para',
    'aan',
    'till',
    'til',
    'do',
    'кому',
    'komu',
    'vastaanottaja',
    'cimzett',
    'kime',
    'προς',
    '收件人',
    '收件者',
    '宛先',
    '받는 사람',
    'إلى',
    'אל',
    'catre',
    'pour',
    'đen',
    'đến',
    'kepada',
    'до',
    'kam',
    'adressaat',
    'prima',
    'per a',
    'ถึง',
    'به',
  ],
  cc: [
    'cc',
    'kopie',
    'copie',
    'copie a',
    'kopia',
    'копия',
    'kopio',
    'masolat',
    'bilgi',
    'κοιν',
    '抄送',
    '副本',
  ],
  subject: [
    'subject',
    'betreff',
    'objet',
    'asunto',
    'oggetto',
    'assunto',
    'onderwerp',
    'amne',
    'emne',
    'temat',
    'тема',
    'aihe',
    'targy',
    'konu',
    'θεμα',
    '主题',
    '主旨',
    '件名',
    '제목',
    'الموضوع',
    'נושא',
    'subiect',
    'sujet',
    'predmet',
    'věc',
    'vec',
    'chu đe',
    'chủ đề',
    'perihal',
    'subjek',
    'относно',
    'tema',
    'teema',
    'assumpte',
    'เรื่อง',
    'موضوع',
    'zadeva',
    'tēma',
  ],
};

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const KIND_BY_NAME = new Map<string, HeaderKind>();
for (const [kind, names] of Object.entries(FIELDS) as [HeaderKind, string[]][]) {
  for (const n of names) KIND_BY_NAME.set(fold(n), kind);
}
const NAMES = [...KIND_BY_NAME.keys()].sort((a, b) => b.length - a.length).map(esc);
/** `*From:*`, `** De : x **`, `From: x`, `Envoyé le :jeudi`: name, optional decoration, colon. */
const FIELD_RE = new RegExp(`^[\\s*_]*(${NAMES.join('|')})[\\s*_]*[:：]`, 'u');

/** The header kind a line starts with, if any. */
export function headerKind(line: string): HeaderKind | null {
  if (!isHeuristicLine(line)) return null;
  const m = FIELD_RE.exec(fold(line));
  return m ? (KIND_BY_NAME.get(m[1]) ?? null) : null;
}

/** All kinds mentioned in one line, for clients that run the block together on one line. */
function kindsInLine(line: string): Set<HeaderKind> {
  const found = new Set<HeaderKind>();
  if (!isHeuristicLine(line)) return found;
  const f = fold(line);
  const inline = new RegExp(`(?:^|\\s|[*_])(${NAMES.join('|')})\\s?[:：]`, 'gu');
  for (const m of f.matchAll(inline)) {
    const k = KIND_BY_NAME.get(m[1]);
    if (k) found.add(k);
  }
  return found;
}

const WINDOW = 8;

/**
 * True when a header block starts at `index`: a header line followed (within a few lines,
 * allowing wrapped values and blank lines) by at least one header of another kind, one of
 * them being From or Sent/Date so that "To: do list" prose does not trigger it.
 */
export function headerBlockAt(lines: string[], index: number): boolean {
  const first = headerKind(lines[index] ?? '');
  if (!first) return false;
  const kinds = new Set<HeaderKind>(kindsInLine(lines[index]));
  kinds.add(first);
  for (let i = index + 1; i < Math.min(lines.length, index + WINDOW); i++) {
    const k = headerKind(lines[i]);
    if (k) kinds.add(k);
  }
  if (kinds.size < 2) return false;
  if (!kinds.has('from') && !kinds.has('date')) return false;
  // Two fields only ("From: Paris / To: London" in an itinerary) need an address to count.
  if (kinds.size === 2) {
    const block = lines.slice(index, index + WINDOW).join(' ');
    return /@|mailto:/.test(block);
  }
  return true;
}

/**
 * Where the header block starting at `index` ends (the index after its last header line): header
 * lines and the wrapped values between them, up to a blank or quoted line. Mailing-list style
 * replies put a short `From:` / `Date:` block above a `>` quote, and the answer below it.
 */
export function headerBlockEnd(lines: string[], index: number): number {
  let end = index + 1;
  for (let i = index + 1; i < Math.min(lines.length, index + WINDOW); i++) {
    if (isBlank(lines[i]) || isQuotedLine(lines[i])) break;
    if (headerKind(lines[i])) end = i + 1;
  }
  return end;
}

/** "-----Original Message-----", "---------- Forwarded message ---------" and translations. */
const SEPARATOR_NAMES = [
  'original message',
  'original-nachricht',
  'ursprungliche nachricht',
  "message d'origine",
  'message original',
  'oprindelig besked',
  'oprindelig meddelelse',
  'opprinnelig melding',
  'messaggio originale',
  'mensaje original',
  'mensagem original',
  'oorspronkelijk bericht',
  'originalmeddelande',
  'ursprungligt meddelande',
  'alkuperainen viesti',
  'wiadomosc oryginalna',
  'puvodni zprava',
  'исходное сообщение',
  'оригинальное сообщение',
  'вихідне повідомлення',
  'eredeti uzenet',
  'orijinal mesaj',
  'özgün ileti',
  'αρχικο μηνυμα',
  '原始邮件',
  '原始郵件',
  '元のメッセージ',
  '원본 메시지',
  'mesaj original',
  'الرسالة الأصلية',
  'הודעה מקורית',
  'forwarded message',
  'weitergeleitete nachricht',
  'message transfere',
  'mensaje reenviado',
  'messaggio inoltrato',
  'doorgestuurd bericht',
  'vidarebefordrat meddelande',
  'videresendt meddelelse',
  'videresendt melding',
  'przekazana wiadomosc',
  'пересылаемое сообщение',
  'mensagem encaminhada',
  'reply message',
  'urspr. nachricht',
  'mail original',
  'pesan asli',
  'thư gốc',
  'pôvodná správa',
  'izvirno sporočilo',
  'izvorna poruka',
  'оригинално съобщение',
  'missatge original',
  'originalus pranešimas',
  'originaalviesti',
  'algne kiri',
  'پیام اصلی',
  'ข้อความต้นฉบับ',
  '転送されたメッセージ',
  '转发的邮件',
  '轉寄的郵件',
  '전달된 메시지',
  'iletilen ileti',
];
// Folded as the line is; the end is a letter-aware boundary (\\b only knows ASCII letters).
const SEP_RE = new RegExp(
  `^[\\s>]*[-_=*]{2,}\\s*(${SEPARATOR_NAMES.map((n) => esc(fold(n))).join('|')})(?![\\p{L}\\p{N}])`,
  'u',
);
const BEGIN_FORWARD_RE =
  /^\s*(?:begin forwarded message|anfang der weitergeleiteten nachricht|debut du message reexpedie|inicio del mensaje reenviado|inizio messaggio inoltrato|doorgestuurd bericht|vidarebefordrat brev|videresendt brev|forwarded message)\s*(?:[:：]\s*)?$/u;
/** "----- X -----": a short label framed by dashes, which clients use for any separator. */
const FRAMED_RE = /^\s*-{3,}\s*[\p{L}'.][\p{L}' .]{0,38}[\p{L}'.]\s*-{3,}/u;

/** A line that introduces quoted or forwarded history. */
export function separatorAt(lines: string[], index: number): boolean {
  if (!isHeuristicLine(lines[index] ?? '')) return false;
  const f = fold(lines[index] ?? '');
  if (SEP_RE.test(f) || BEGIN_FORWARD_RE.test(f)) return true;
  if (FRAMED_RE.test(f)) {
    // A framed label is a separator only when headers follow, or are run on the same line.
    if (kindsInLine(lines[index]).size >= 2) return true;
    for (let i = index + 1; i < Math.min(lines.length, index + 4); i++) {
      if (isBlank(lines[i])) continue;
      return headerBlockAt(lines, i);
    }
  }
  return false;
}
