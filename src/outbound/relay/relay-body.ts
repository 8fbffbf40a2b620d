import { escapeHtml } from '../../common/escape-html';
import { HIDDEN_ADDRESS_TEXT } from '../mime/mask-addresses';

/** Plain text as safe HTML paragraphs; links made clickable. Nothing of the inbound HTML is reused. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => {
      const html = escapeHtml(para)
        .replace(/(https?:\/\/[^\s<>"']+)/g, '<a href="$1">$1</a>')
        .replace(/\n/g, '<br>\n');
      return `<p style="margin:0 0 1em 0">${html}</p>`;
    })
    .join('\n');
}

export interface RelayFooter {
  partnerName: string;
  programmeName: string;
  /** Set for a circle's copy: a reply goes to every member, and the footer must say so. */
  circle?: { name: string; others: number };
}

/**
 * Why the footer says this: a participant must know who reads along, that replying is private,
 * and that an address they write to each other will not arrive (every address is masked).
 */
export function footerText(f: RelayFooter): string {
  if (f.circle) return circleFooterText(f, f.circle);
  return [
    '-- ',
    // Same first words as every other email's footer (templates/partials/footer.mjml): who reads it.
    `Who reads this conversation: you, ${f.partnerName} and ${f.programmeName} staff.`,
    `Reply to this email to answer ${f.partnerName}. Your reply goes through ${f.programmeName}:`,
    `${f.partnerName} never sees your email address.`,
    `Email addresses written in a message arrive as "${HIDDEN_ADDRESS_TEXT}".`,
  ].join('\n');
}

/** A circle's copy: everyone in it reads a reply, still without anyone's address. */
function circleFooterText(f: RelayFooter, circle: { name: string; others: number }): string {
  return [
    '-- ',
    `Who reads this conversation: you, the ${circle.others} other people in ${circle.name} and ${f.programmeName} staff.`,
    `Reply to this email to write to everyone in ${circle.name}. Your reply goes through ${f.programmeName}:`,
    `no one in the circle sees your email address. Reply #leave to leave the circle.`,
    `Email addresses written in a message arrive as "${HIDDEN_ADDRESS_TEXT}".`,
  ].join('\n');
}

export function relayText(newText: string, footer: RelayFooter): string {
  return `${newText.trim()}\n\n${footerText(footer)}\n`;
}

export interface InlineImage {
  cid: string;
  filename: string;
}

/**
 * The HTML part: `bodyHtml` when the composer built it (the author's own HTML, sanitised and
 * masked by relay-html.ts: no script, style or remote image survives), else built from the
 * extracted text. Inline images the body does not show follow it, by Content-ID.
 */
export function relayHtml(
  newText: string,
  footer: RelayFooter,
  images: InlineImage[] = [],
  bodyHtml?: string,
): string {
  const note = escapeHtml(footerText(footer).replace(/^-- \n/, ''));
  const pictures = images.map(
    (i) =>
      `<p style="margin:0 0 1em 0"><img src="cid:${escapeHtml(i.cid)}" alt="${escapeHtml(i.filename)}" style="max-width:100%"></p>`,
  );
  return [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933">',
    bodyHtml ?? textToHtml(newText.trim()),
    ...pictures,
    // #52606d on white is 6.5:1 (WCAG AA asks 4.5:1 for small text; the old #627d98 was 4.3:1).
    `<hr style="border:none;border-top:1px solid #d9e2ec;margin:24px 0 8px"><p style="font-size:12px;color:#52606d">${note.replace(/\n/g, '<br>')}</p>`,
    '</body></html>',
  ].join('\n');
}
