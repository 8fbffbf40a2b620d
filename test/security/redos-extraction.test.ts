import { hostileBodies } from '../support/hostile-bodies';
import { measureStall, rawEmail } from '../support/stall';

/**
 * Issue #11, "one email cannot stop the service": a body of "On", 160,000 spaces and "wrote"
 * froze SMTP, HTTP and workers for 57 s, because patterns rescanned long runs from each of their
 * positions. Each hostile body goes through what the pipeline and `cli parse` run (parseInbound,
 * then extractReply) and must finish, keep every word, and block the event loop for far less than
 * the minute the bug took. The ceiling is generous on purpose (the fuzz bench reports the real
 * figures, under 100 ms on an idle machine): it proves the work is bounded, not that it is fast,
 * and cannot flake on a loaded two-core box.
 */
const CEILING_MS = 2_000;

/** Every word of the input, in what extraction returned (reply or removed): bounding never drops text. */
function wordsOf(text: string): Set<string> {
  return new Set(text.match(/[\p{L}\p{N}]+/gu) ?? []);
}

describe('hostile bodies: extraction is bounded and keeps every word', () => {
  it.each(hostileBodies().map((b, i) => [b.name, b, i] as const))('%s', async (_name, body, i) => {
    const raw = rawEmail(body.html ?? body.text ?? '', body.html ? 'html' : 'plain', i);
    const stall = await measureStall(raw, body.sentTexts);
    expect(stall.error).toBeUndefined();
    expect(stall.extracted).not.toBeNull();
    expect(stall.stallMs).toBeLessThan(CEILING_MS);
    if (body.text !== undefined) {
      const out = `${stall.extracted!.reply}\n${stall.extracted!.quoted}`;
      const missing = [...wordsOf(body.text)].filter((w) => !out.includes(w));
      expect(missing).toEqual([]);
    }
  });

  it('returns the reported email whole: a long run of spaces is no attribution', async () => {
    const text = `On${' '.repeat(160_000)}wrote`;
    const stall = await measureStall(rawEmail(text, 'plain'));
    expect(stall.stallMs).toBeLessThan(CEILING_MS);
    expect(stall.extracted).toMatchObject({ reply: text, method: 'text' });
  });

  it('keeps a huge line of the person’s own words after a short reply with a quote', async () => {
    const long = 'word '.repeat(40_000).trim();
    const text = `Yes, Thursday works.\n\nOn Mon, 3 Jun 2024, Ann <ann@example.org> wrote:\n> Thursday?\n\n${long}`;
    const stall = await measureStall(rawEmail(text, 'plain'));
    expect(stall.stallMs).toBeLessThan(CEILING_MS);
    // An inline answer below the quote: both of the person's blocks stay.
    expect(stall.extracted!.reply).toBe(`Yes, Thursday works.\n\n${long}`);
  });
});
