import { escapeHtml, type HelperSet, SafeHtml } from './fill-compiler';

/**
 * The helpers templates may call. HTML and text get the same set; only `paragraphs` differs,
 * producing <p> blocks or blank-line separated text.
 */

const COMMON: HelperSet = {
  eq: (a, b) => a === b,
  inc: (n) => Number(n) + 1,
  partnerRole: (role) => (role === 'mentor' ? 'mentee' : 'mentor'),
  percent: (part, whole) => {
    const p = Number(part);
    const w = Number(whole);
    if (!Number.isFinite(p) || !Number.isFinite(w) || w <= 0) return 0;
    return Math.max(0, Math.min(100, Math.round((p / w) * 100)));
  },
};

function splitParagraphs(text: unknown): string[] {
  return String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export const HTML_HELPERS: HelperSet = {
  ...COMMON,
  paragraphs: (text) =>
    new SafeHtml(
      splitParagraphs(text)
        .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
        .join(''),
    ),
};

export const TEXT_HELPERS: HelperSet = {
  ...COMMON,
  paragraphs: (text) => splitParagraphs(text).join('\n\n'),
};
