/**
 * Bodies that made (or could make) reply extraction backtrack for seconds: long runs that a
 * pattern scans from each of their positions, near-attributions on every line, deep HTML. Shared
 * by test/security/redos-extraction.test.ts and bench/stall-fuzz.ts (issue #11).
 */
export interface HostileBody {
  name: string;
  text?: string;
  html?: string;
  sentTexts?: string[];
}

/** Long enough that a quadratic pattern takes minutes, as the reported email did (160,000 spaces). */
export const RUN = 160_000;

const ATTRIBUTION = 'On Tue, 1 Mar 2011 at 10:20, Ann Example <ann@example.org> wrote:';

export function hostileBodies(run = RUN): HostileBody[] {
  const nested = (open: string, close: string, depth: number, inner: string) =>
    open.repeat(depth) + inner + close.repeat(depth);
  return [
    { name: '"On" + spaces + "wrote"', text: `On${' '.repeat(run)}wrote` },
    { name: '"On" + tabs + "wrote:"', text: `On${'\t'.repeat(run)}wrote:` },
    { name: 'spaces then a word', text: `${' '.repeat(run)}x` },
    { name: 'no-break spaces', text: `On${'\u00a0'.repeat(run)}wrote` },
    { name: 'a run of ">"', text: `${'>'.repeat(run)}x` },
    { name: 'a run of "> "', text: `${'> '.repeat(run / 2)}x\nreply` },
    { name: 'a run of "-"', text: `reply\n${'-'.repeat(run)}x` },
    { name: 'a run of "_"', text: `reply\n${'_'.repeat(run)} x` },
    { name: 'a run of "=" and "*"', text: `reply\n${'=*'.repeat(run / 2)}!` },
    { name: 'letters without an address', text: `${'a'.repeat(run)}@` },
    { name: 'dots after an at sign', text: `On 1.1.2020 a@${'.'.repeat(run)}:` },
    { name: 'open brackets', text: `Sent from my ${'['.repeat(run)}` },
    { name: 'open angle brackets', text: `Sent from my iPhone ${'<'.repeat(run)}` },
    { name: 'markdown links', text: `On 1.1.2020 ${'[a](mailto:'.repeat(run / 11)} wrote:` },
    { name: 'punctuation inside a word of our text', text: 'hi', sentTexts: [`a${'-'.repeat(run)}b`] },
    { name: 'a huge single line', text: 'word '.repeat(run / 5) },
    {
      name: 'nested quotes',
      text: Array.from({ length: 2000 }, (_, i) => `${'> '.repeat(i % 60)}line ${i}`).join('\n'),
    },
    {
      name: 'near-attributions on every line',
      text: `reply\n${`${ATTRIBUTION.slice(0, -1)}\n`.repeat(3000)}`,
    },
    { name: 'attributions over quotes', text: `reply\n${`${ATTRIBUTION}\n> q\n`.repeat(3000)}` },
    {
      name: 'header lines on every line',
      text: `reply\n${'From: a@b.c Sent: Monday To: x Subject: y\n'.repeat(3000)}`,
    },
    {
      name: 'framed separators',
      text: `reply\n${`----- ${'a '.repeat(19)}a ${' '.repeat(500)}\n`.repeat(300)}`,
    },
    {
      name: 'our opening words, repeated',
      text: 'See you Monday then '.repeat(run / 20),
      sentTexts: ['See you Monday then, and bring your CV and the notes from last week please'],
    },
    {
      name: 'deeply nested blockquotes',
      html: nested('<blockquote type="cite">', '</blockquote>', 2000, 'q'),
    },
    { name: 'deeply nested divs', html: nested('<div>', '</div>', 5000, 'reply') },
    {
      name: 'many quote containers',
      html: '<div class="gmail_quote"><blockquote>q</blockquote></div>'.repeat(20_000),
    },
    { name: 'HTML spaces in a paragraph', html: `<p>On${' '.repeat(run)}wrote</p>` },
    { name: 'HTML pre of spaces', html: `<pre>On${' '.repeat(run)}wrote</pre>` },
    // Tens of thousands of siblings, each once removed or masked one at a time (quadratic).
    { name: 'leading line breaks', html: `${'<br>'.repeat(60_000)}Hello there` },
    { name: 'empty inline elements', html: `Hi<br>${'<b></b>'.repeat(36_000)}bye` },
    { name: 'an address in every element', html: '<b>ann@mentor.example</b> '.repeat(9_000) },
  ];
}
