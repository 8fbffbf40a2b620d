import Handlebars from 'handlebars';

/**
 * Two isolated Handlebars environments (never the global one, so nobody's stray helper leaks
 * in): HTML escapes every value, text does not. Both get the same small helper set; only
 * `paragraphs` differs, producing <p> blocks or blank-line separated text.
 */

type Env = typeof Handlebars;

const HELPER_NAMES = ['eq', 'inc', 'partnerRole', 'percent', 'paragraphs'] as const;

/** Compile options shared by all parts. `strict` makes a typo'd placeholder throw instead of
 * rendering blank; block helper params (`{{#if image}}`) stay lenient so optional props work. */
export const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(HELPER_NAMES.map((n) => [n, true])),
};

function registerCommon(env: Env): void {
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('inc', (n: unknown) => Number(n) + 1);
  env.registerHelper('partnerRole', (role: unknown) => (role === 'mentor' ? 'mentee' : 'mentor'));
  env.registerHelper('percent', (part: unknown, whole: unknown) => {
    const p = Number(part);
    const w = Number(whole);
    if (!Number.isFinite(p) || !Number.isFinite(w) || w <= 0) return 0;
    return Math.max(0, Math.min(100, Math.round((p / w) * 100)));
  });
}

function splitParagraphs(text: unknown): string[] {
  return String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function createHtmlEnv(): Env {
  const env = Handlebars.create();
  registerCommon(env);
  env.registerHelper('paragraphs', (text: unknown) => {
    const html = splitParagraphs(text)
      .map((p) => `<p>${env.escapeExpression(p).replace(/\n/g, '<br>')}</p>`)
      .join('');
    return new env.SafeString(html);
  });
  return env;
}

export function createTextEnv(): Env {
  const env = Handlebars.create();
  registerCommon(env);
  env.registerHelper('paragraphs', (text: unknown) => splitParagraphs(text).join('\n\n'));
  return env;
}
