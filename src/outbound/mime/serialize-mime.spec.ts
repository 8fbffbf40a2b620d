import { Readable } from 'node:stream';
import type { MimeNode } from '../../common/nodemailer-lib';
import { compileMime, type OutgoingMail } from './build-mime';
import { serializeMime } from './serialize-mime';
import { PNG, relayedMail as mail } from '../../../test/factories/outgoing-mail';

// Deterministic pseudo-random text with what makes encoders trip: non-ASCII of every width,
// '=', tabs, trailing spaces, lone and paired line breaks, lines far beyond 76 and 998.
function textCase(seed: number): string {
  let state = seed * 2654435761;
  const next = (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state % n;
  };
  const pieces = [
    'word',
    ' ',
    '  ',
    '\t',
    '=',
    '=3D',
    'Grüße',
    'Ω',
    '字',
    '😀',
    '\n',
    '\r\n',
    '\r',
    '.',
    ' \n',
  ];
  let text = '';
  const length = 1 + next(400);
  for (let i = 0; i < length; i++) {
    text += next(20) === 0 ? 'x'.repeat(next(1200)) : pieces[next(pieces.length)];
  }
  return text;
}

/** What MimeNode itself streams for the same tree: the reference the serialiser must equal. */
async function streamed(tree: MimeNode): Promise<Buffer> {
  return tree.build();
}

describe('serializeMime', () => {
  const shapes: [string, OutgoingMail][] = [
    ['a plain relayed reply', mail()],
    ['text without a final line break', mail({ text: 'no newline at the end' })],
    ['text ending in a lone CR', mail({ text: 'ends in CR\r' })],
    ['an empty text part', mail({ text: '' })],
    ['text and html', mail({ text: 'Grüße', html: '<p>Grüße aus Köln</p>\n<p>=</p>' })],
    [
      'an automated digest with list headers and a long non-ASCII subject',
      mail({
        subject: `Your week with Zoë — ${'ünïcode '.repeat(20)}`,
        html: `<table>${'<tr><td>cell</td></tr>'.repeat(500)}</table>`,
        automated: {
          listId: 'digests.bright.relay.localhost',
          unsubscribeUrl: 'https://mm.example/u/abc',
          unsubscribeMailto: 'mailto:u-abc@relay.localhost',
        },
        lang: 'de',
      }),
    ],
    [
      'attachments with an inline cid image',
      mail({
        html: '<p><img src="cid:logo@mm"></p>',
        attachments: [
          { filename: 'logo.png', contentType: 'image/png', content: PNG, cid: 'logo@mm' },
          { filename: 'plan.pdf', contentType: 'application/pdf', content: Buffer.alloc(5000, 7) },
          { filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('a\nb\r\nc\r') },
        ],
      }),
    ],
  ];

  // MimeNode's encoder takes a body in 64 KiB slices: blanks at a slice's end, before text and
  // before a line break, and a body of more trailing blanks than a slice holds.
  const atSliceEnd = (after: string) => `${'a'.repeat(65535)} ${after}${'b'.repeat(70000)}\n`;
  shapes.push(
    ['a blank ending a 64 KiB slice mid-line', mail({ text: atSliceEnd('x') })],
    ['a blank ending a 64 KiB slice before a line break', mail({ text: atSliceEnd('\r\n') })],
    [
      'a tab ending a 64 KiB slice',
      mail({ text: `${'Grüße '.repeat(8191)}abcdefg\tend ${'c'.repeat(65536)}` }),
    ],
    ['more trailing blanks than a slice holds', mail({ text: `start${' '.repeat(70000)}` })],
  );

  it.each(shapes)('writes the bytes MimeNode streams: %s', async (_name, outgoing) => {
    const tree = compileMime(outgoing);
    const ours = serializeMime(tree);
    expect(ours.toString('latin1')).toBe((await streamed(tree)).toString('latin1'));
    // And the other way round: serialising leaves the tree as it found it.
    expect(serializeMime(tree).equals(ours)).toBe(true);
  });

  it('writes the bytes MimeNode streams for 300 generated bodies', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = textCase(seed);
      const html = seed % 2 === 0 ? `<p>${textCase(seed + 1000)}</p>` : undefined;
      const tree = compileMime(mail({ text, html, subject: textCase(seed + 2000).slice(0, 200) }));
      const reference = await streamed(tree);
      const ours = serializeMime(tree);
      if (!ours.equals(reference)) {
        throw new Error(`seed ${seed}: serialised bytes differ from MimeNode's`);
      }
    }
  });

  it('refuses content that is not in memory', () => {
    const tree = compileMime(mail());
    const textPart = tree.childNodes.length ? tree.childNodes[0] : tree;
    textPart.content = Readable.from(['streamed']);
    expect(() => serializeMime(tree)).toThrow(/only string or Buffer content/);
  });
});
