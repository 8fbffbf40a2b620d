import type { Attachment } from 'mailparser';
import { loadFixture } from '../../../test/fixtures/emails/checks/load';
import { filterAttachments } from './attachments-policy';

const ROOMY = { maxFileBytes: 10_000_000, maxTotalBytes: 25_000_000 };

function attachment(overrides: Partial<Attachment> & { size: number }): Attachment {
  const content = overrides.content ?? Buffer.alloc(overrides.size);
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
    const files = [attachment({ filename: 'a', size: 500 }), attachment({ filename: 'b', size: 500 })];
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
});
