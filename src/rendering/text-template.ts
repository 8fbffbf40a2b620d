import { convert } from 'html-to-text';

/**
 * The plain-text part is derived once, at boot, from the compiled HTML while its Handlebars
 * placeholders are still in place; per recipient we only fill it. Options that would touch
 * placeholders are off: no word wrapping (it would split `{{...}}` and measure the wrong
 * lengths) and no upper-casing of headings (`{{TITLE}}` is a different variable).
 */
export function htmlTemplateToTextTemplate(html: string): string {
  const text = convert(html, {
    wordwrap: false,
    selectors: [
      // MJML's hidden preheader: useful in an inbox list, noise at the top of the text part.
      { selector: 'div[style*="display:none"]', format: 'skip' },
      ...['h1', 'h2', 'h3'].map((selector) => ({
        selector,
        options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 },
      })),
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
  // Indentation and trailing spaces go now, once, so the per-recipient tidy is one regex.
  return text.replace(/^[ \t]+|(?<![ \t])[ \t]+$/gm, '');
}

/** Sections left out by `{{#if}}` leave runs of blank lines behind; keep at most one. */
export function tidyFilledText(text: string): string {
  return `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
