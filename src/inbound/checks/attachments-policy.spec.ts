import type { Attachment } from 'mailparser';
import { loadFixture } from '../../../test/fixtures/emails/checks/load';
import { classifyAttachment, filterAttachments } from './attachments-policy';

const ROOMY = { maxFileBytes: 10_000_000, maxTotalBytes: 25_000_000 };

// Real files start with their format's signature; the allow-list checks it.
const MAGIC: Record<string, string> = {
  'application/pdf': '%PDF-',
  'image/png': '\x89PNG',
  'video/quicktime': '\0\0\0\0ftyp',
};

function attachment(overrides: Partial<Attachment> & { size: number }): Attachment {
  const magic = Buffer.from(MAGIC[overrides.contentType ?? ''] ?? '', 'latin1');
  const content =
    overrides.content ?? Buffer.concat([magic, Buffer.alloc(Math.max(0, overrides.size - magic.length))]);
  return {
    type: 'attachment',
    contentType: 'application/octet-stream',
    partId: null,
    headers: new Map(),
    release: null,
    checksum: '',
    content,
    ...overrides,
  };
}

const reasons = (decision: ReturnType<typeof filterAttachments>) =>
  decision.dropped.map((d) => [d.filename, d.reason]);

describe('filterAttachments', () => {
  it('drops an S/MIME signature and keeps nothing else that leaks', async () => {
    const mail = await loadFixture('attach-smime-signed.eml');
    const decision = filterAttachments(mail.attachments, ROOMY);
    expect(decision.kept).toEqual([]);
    expect(decision.dropped).toEqual([
      {
        filename: 'smime.p7s',
        contentType: 'application/pkcs7-signature',
        size: mail.attachments[0].size,
        reason: 'smime_signature',
      },
    ]);
  });

  it('drops a PGP key and the PGP signature of a signed message', async () => {
    const decision = filterAttachments(
      (await loadFixture('attach-pgp-signed-with-key.eml')).attachments,
      ROOMY,
    );
    expect(reasons(decision)).toEqual([
      ['publickey - ann.mentee@proton.example - 0x1A2B3C4D.asc', 'pgp_key'],
      ['OpenPGP_signature.asc', 'pgp_signature'],
    ]);
    expect(decision.kept).toEqual([]);
  });

  it('drops TNEF and vCards declared by type, with or without a file name', async () => {
    const decision = filterAttachments((await loadFixture('attach-typed-vcard-tnef.eml')).attachments, ROOMY);
    expect(reasons(decision)).toEqual([
      ['winmail.dat', 'winmail_dat'],
      ['Jana Novak.vcf', 'vcard'],
      ['', 'vcard'],
    ]);
  });

  it('recognises leaky files sent as application/octet-stream, and keeps look-alikes', async () => {
    const mail = await loadFixture('attach-octet-stream-leaks.eml');
    const decision = filterAttachments(mail.attachments, ROOMY);
    expect(reasons(decision)).toEqual([
      ['key.asc', 'pgp_key'],
      ['signature.asc', 'pgp_signature'],
      ['smime.p7s', 'smime_signature'],
      ['Carl Member.vcf', 'vcard'],
      ['winmail.dat', 'winmail_dat'],
    ]);
    expect(decision.kept.map((a) => a.filename)).toEqual(['reading-notes.asc', 'signature-page.pdf']);
  });

  it.each([
    ['smime.p7s', 'smime_signature'],
    ['WINMAIL.DAT', 'winmail_dat'],
    ['contact.vcf', 'vcard'],
    ['contact.vcard', 'vcard'],
    ['signature.asc', 'pgp_signature'],
  ])('decides %s by name alone when the type says nothing', (filename, reason) => {
    const decision = filterAttachments([attachment({ filename, size: 10 })], ROOMY);
    expect(decision.dropped[0]?.reason).toBe(reason);
  });

  it('keeps Outlook inline images, with and without Content-Disposition, and normal files', async () => {
    const mail = await loadFixture('attach-outlook-inline-images.eml');
    const decision = filterAttachments(mail.attachments, ROOMY);
    expect(decision.dropped).toEqual([]);
    expect(decision.kept.map((a) => a.filename)).toEqual([
      'image001.png',
      'image002.png',
      'plan.pdf',
      'photo.png',
    ]);
  });

  it('counts inline images towards the total but gives them the budget first', async () => {
    const mail = await loadFixture('attach-outlook-inline-images.eml');
    // 70 + 70 bytes of inline images, then plan.pdf (78) and photo.png (70): room for one file.
    const decision = filterAttachments(mail.attachments, { maxFileBytes: 1000, maxTotalBytes: 220 });
    expect(decision.kept.map((a) => a.filename)).toEqual(['image001.png', 'image002.png', 'plan.pdf']);
    expect(reasons(decision)).toEqual([['photo.png', 'total_too_large']]);

    const tight = filterAttachments(mail.attachments, { maxFileBytes: 1000, maxTotalBytes: 100 });
    expect(tight.kept.map((a) => a.filename)).toEqual(['image001.png']);
  });

  it('keeps inline images ahead of an earlier ordinary file when the total runs out', () => {
    const files = [
      attachment({ filename: 'report.pdf', contentType: 'application/pdf', size: 80 }),
      attachment({
        filename: 'image001.png',
        contentType: 'image/png',
        cid: 'a@x',
        contentDisposition: 'inline',
        size: 60,
      }),
      // Outlook style: no Content-Disposition, but the HTML refers to it.
      attachment({ filename: 'image002.png', contentType: 'image/png', cid: 'b@x', related: true, size: 60 }),
    ];
    const decision = filterAttachments(files, { maxFileBytes: 100, maxTotalBytes: 150 });
    expect(decision.kept.map((a) => a.filename)).toEqual(['image001.png', 'image002.png']);
    expect(reasons(decision)).toEqual([['report.pdf', 'total_too_large']]);
  });

  it('drops a file over the per-file limit and lets smaller later files use the total', () => {
    const files = [
      attachment({ filename: 'a.pdf', contentType: 'application/pdf', size: 600 }),
      attachment({ filename: 'huge.mov', contentType: 'video/quicktime', size: 5000 }),
      attachment({ filename: 'b.pdf', contentType: 'application/pdf', size: 400 }),
      attachment({ filename: 'c.pdf', contentType: 'application/pdf', size: 1 }),
    ];
    const decision = filterAttachments(files, { maxFileBytes: 1000, maxTotalBytes: 1000 });
    expect(decision.kept.map((a) => a.filename)).toEqual(['a.pdf', 'b.pdf']);
    expect(decision.dropped).toEqual([
      { filename: 'huge.mov', contentType: 'video/quicktime', size: 5000, reason: 'too_large' },
      { filename: 'c.pdf', contentType: 'application/pdf', size: 1, reason: 'total_too_large' },
    ]);
  });

  it('accepts files exactly at the limits', () => {
    const pdf = { contentType: 'application/pdf', size: 500 };
    const files = [attachment({ filename: 'a', ...pdf }), attachment({ filename: 'b', ...pdf })];
    expect(filterAttachments(files, { maxFileBytes: 500, maxTotalBytes: 1000 }).kept).toHaveLength(2);
  });

  it('names the leak reason rather than the size for an oversized signature', () => {
    const decision = filterAttachments([attachment({ filename: 'smime.p7s', size: 5000 })], {
      maxFileBytes: 10,
      maxTotalBytes: 10,
    });
    expect(decision.dropped[0].reason).toBe('smime_signature');
  });

  it('does not give the inline priority to a cid image that is an ordinary attachment', () => {
    const files = [
      attachment({ filename: 'doc.pdf', contentType: 'application/pdf', size: 60 }),
      attachment({
        filename: 'logo.png',
        contentType: 'image/png',
        cid: 'logo',
        contentDisposition: 'attachment',
        related: false,
        size: 60,
      }),
    ];
    const decision = filterAttachments(files, { maxFileBytes: 100, maxTotalBytes: 100 });
    expect(decision.kept.map((a) => a.filename)).toEqual(['doc.pdf']);
  });

  describe('the allow-list', () => {
    const file = (
      filename: string,
      contentType: string,
      content: string | Buffer,
      extra: Partial<Attachment> = {},
    ) =>
      attachment({
        filename,
        contentType,
        content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'latin1'),
        size: content.length,
        ...extra,
      });
    const card = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Maria\r\nEMAIL:maria@mentor.example\r\nEND:VCARD\r\n';

    it.each([
      ['a vCard sent as text/plain', file('notes.txt', 'text/plain', card), 'vcard'],
      ['a vCard named .card', file('maria.card', 'application/octet-stream', card), 'vcard'],
      ['a vCard in UTF-16', file('x.txt', 'text/plain', Buffer.from(`\ufeff${card}`, 'utf16le')), 'vcard'],
      [
        'a jCard',
        file('maria.json', 'application/vcard+json', '["vcard",[["email",{},"text","m@x.example"]]]'),
        'vcard',
      ],
      ['a jCard as plain JSON', file('c.json', 'application/json', ' [ "vcard", [] ]'), 'vcard'],
      [
        'an xCard',
        file('c.xml', 'application/xml', '<vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0"/>'),
        'vcard',
      ],
      ['an S/MIME message', file('smime.p7m', 'application/pkcs7-mime', '0\x80\x06\t*'), 'smime_message'],
      ['an S/MIME message by name', file('smime.p7m', 'application/octet-stream', '0\x80'), 'smime_message'],
      ['a certificate', file('me.crt', 'application/octet-stream', '0\x82'), 'certificate'],
      [
        'a PEM certificate pasted into a text file',
        file('x.txt', 'text/plain', '-----BEGIN CERTIFICATE-----\nMII'),
        'certificate',
      ],
      [
        'a PGP key pasted into a text file',
        file('x.txt', 'text/plain', '-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQ'),
        'pgp_key',
      ],
      [
        'TNEF by its signature',
        file('mail.bin', 'application/octet-stream', '\x78\x9f\x3e\x22\x01'),
        'winmail_dat',
      ],
      [
        'a text file labelled as an image',
        file('photo.png', 'image/png', 'maria@mentor.example'),
        'type_not_allowed',
      ],
      ['an unknown type', file('tool.exe', 'application/x-msdownload', 'MZ\x90'), 'type_not_allowed'],
      // Their viewer computes the text it shows, so masking the characters would not be enough.
      [
        'an SVG drawing sent as XML',
        file('card.svg', 'text/xml', '<svg><text>m</text><text>@x.example</text></svg>'),
        'type_not_allowed',
      ],
      [
        'XML with an XSLT stylesheet',
        file(
          'cv.xml',
          'application/xml',
          '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="#s"?><cv/>',
        ),
        'type_not_allowed',
      ],
      ['a zip archive', file('all.zip', 'application/zip', 'PK\x03\x04'), 'type_not_allowed'],
      ['a zip archive labelled as a picture', file('p.png', 'image/png', 'PK\x03\x04'), 'type_not_allowed'],
      [
        'an untyped file with an unknown name',
        file('blob', 'application/octet-stream', 'hello'),
        'type_not_allowed',
      ],
      ['binary bytes under a text label', file('x.txt', 'text/plain', 'ab\0cd'), 'type_not_allowed'],
    ])('drops %s', (_, a, reason) => {
      expect(classifyAttachment(a)).toEqual({ drop: reason });
    });

    it.each([
      ['a PNG', file('p.png', 'image/png', '\x89PNG\r\n'), 'as_is'],
      ['a PDF sent untyped', file('p.pdf', 'application/octet-stream', '%PDF-1.4'), 'as_is'],
      ['a JPEG labelled as a GIF', file('logo.jpg', 'image/gif', '\xff\xd8\xff\xe0'), 'as_is'],
      [
        'a file whose type mailparser could not read',
        file('f.jpg', false as unknown as string, '\xff\xd8\xff'),
        'as_is',
      ],
      ['a type with parameters left in it', file('i.pdf', 'application/pdf name=i.pdf', '%PDF-1.2'), 'as_is'],
      [
        'a Word document',
        file(
          'cv.docx',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'PK\x03\x04',
        ),
        'as_is',
      ],
      ['a text file', file('notes.txt', 'text/plain', 'maria@mentor.example'), 'mask_text'],
      [
        'plain XML data',
        file('data.xml', 'application/xml', '<?xml version="1.0"?>\n<rows><row/></rows>'),
        'mask_text',
      ],
      ['an HTML file', file('page.html', 'text/html', '<a href="mailto:m@x.example">'), 'mask_text'],
      ['an untyped text file', file('notes.md', 'application/octet-stream', '# notes'), 'mask_text'],
      ['a calendar invite', file('invite.ics', 'text/calendar', 'BEGIN:VCALENDAR\r\n'), 'calendar'],
      ['a calendar under another name', file('x.txt', 'text/plain', '\r\nBEGIN:VCALENDAR\r\n'), 'calendar'],
      [
        'a forwarded email',
        file('fw.eml', 'message/rfc822', 'From: a@b.example\r\n\r\nhi'),
        'forwarded_email',
      ],
    ])('keeps %s, handled as %s', (_, a, handling) => {
      expect(classifyAttachment(a)).toEqual({ handling });
    });
  });
});
