/**
 * Subject prefixes that auto-responders write, in the languages our participants use. Collected from
 * Discourse's `is_auto_generated?` list and the default subjects of Outlook/Exchange, Gmail, Lotus
 * Notes, Zimbra and Yahoo in each locale.
 *
 * The phrase must open the subject: a human writing "Re: my out of office plans" quotes the phrase
 * later on and must not be swallowed. How the phrase may continue depends on how ambiguous it is:
 * - `word`: an unambiguous phrase ("Automatic reply") followed by anything but another letter;
 * - `separator`: a phrase a person could also start a sentence with ("Out of office party?") counts
 *   only when the subject ends there or a separator follows (`:`, `-`, `(`, `]`, ...);
 * - `colon`: Lotus Notes' bare "Auto:" needs its colon;
 * - `any`: CJK phrases, which have no spaces between words and so no word boundary to test.
 */

export type AutoReplySubjectKind = 'auto-reply' | 'out-of-office';

interface Phrase {
  /** Regex source matched against the lower-cased, whitespace-collapsed subject. */
  readonly source: string;
  readonly kind: AutoReplySubjectKind;
  readonly follow: 'word' | 'separator' | 'colon' | 'any';
}

const a = (source: string, follow: Phrase['follow'] = 'word'): Phrase => ({
  source,
  kind: 'auto-reply',
  follow,
});
const o = (source: string, follow: Phrase['follow'] = 'separator'): Phrase => ({
  source,
  kind: 'out-of-office',
  follow,
});

const PHRASES: readonly Phrase[] = [
  // English
  o('out of (?:the )?office auto[-_ ]?reply', 'word'),
  o('out of (?:the )?office'),
  o('away from (?:the |my )?(?:office|desk|email)'),
  a('automatic reply'),
  a('automatic response'),
  a('auto[-_ ]?reply'),
  a('auto[-_ ]?response'),
  a('auto[-_ ]?responder'),
  a('auto', 'colon'),
  // German
  o('abwesenheitsnotiz', 'word'),
  o('abwesend'),
  a('automatische antwort'),
  // French
  a('r[ée]ponse automatique'),
  o('absen(?:ce|te?) du bureau'),
  // Spanish
  a('respuesta autom[áa]tica'),
  o('fuera de la oficina'),
  // Italian
  a('risposta automatica'),
  a('risposta non al computer'),
  o('fuori sede'),
  o('fuori ufficio'),
  // Dutch
  a('automatisch antwoord'),
  o('afwezig'),
  // Portuguese (and Spanish "Ausente")
  a('resposta autom[áa]tica'),
  o('ausente'),
  o('fora do escrit[óo]rio'),
  // Swedish, Danish, Norwegian
  a('automatiskt svar'),
  a('automatisk svar'),
  a('autosvar'),
  o('fr[åa]nvaro'),
  o('frav[æa]rende'),
  // Finnish
  a('automaattinen vastaus'),
  o('poissa toimistolta'),
  // Polish
  a('automatyczna odpowied[źz]'),
  a('odpowied[źz] automatyczna'),
  o('poza biurem'),
  // Czech, Slovak
  a('automatick[áa] odpov[ěe][ďd]'),
  o('mimo kancel[áa][řr]'),
  // Hungarian, Romanian, Turkish, Greek
  a('automatikus v[áa]lasz'),
  o('h[áa]zon k[íi]v[üu]l'),
  a('r[ăa]spuns automat'),
  a('otomatik (?:yan[ıi]t|cevap)'),
  o('ofis d[ıi][şs][ıi]nda'),
  a('αυτόματη απάντηση'),
  // Russian, Ukrainian
  a('автоматический ответ'),
  a('автоответ'),
  a('автоматична відповідь'),
  // Japanese, Chinese, Korean
  a('自動応答', 'any'),
  a('自動返信', 'any'),
  o('不在(?:の)?(?:お知らせ|通知|連絡)', 'any'),
  o('不在'),
  a('自动回复', 'any'),
  a('自动答复', 'any'),
  a('自動回覆', 'any'),
  o('不在办公室', 'any'),
  a('자동 ?(?:응답|회신)', 'any'),
  o('부재 ?중'),
];

// Gateways prepend tags such as "[EXTERNAL]" or "【外部】"; the responder's own phrase may be bracketed.
const LEADING_TAGS = String.raw`^(?:(?:\[[^\]]{0,40}\]|【[^】]{0,40}】)\s*)*[[【(]?\s*`;
const FOLLOW: Record<Phrase['follow'], string> = {
  word: String.raw`(?![\p{L}\p{N}])`,
  separator: String.raw`\s*(?:$|[:：\-–—|()[\]【】/,.!])`,
  colon: String.raw`\s*[:：]`,
  any: '',
};

const COMPILED = PHRASES.map((phrase) => ({
  kind: phrase.kind,
  regex: new RegExp(`${LEADING_TAGS}(?:${phrase.source})${FOLLOW[phrase.follow]}`, 'u'),
}));

/** The kind of auto-reply a subject announces, or null for a subject a person could have written. */
export function autoReplySubjectKind(subject: string | undefined): AutoReplySubjectKind | null {
  if (!subject) return null;
  // Lower-casing Turkish "İ" leaves a combining dot (U+0307) behind the "i"; drop it.
  const normalised = subject
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\u0307/g, '');
  return COMPILED.find((phrase) => phrase.regex.test(normalised))?.kind ?? null;
}
