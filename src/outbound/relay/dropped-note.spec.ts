import { droppedNote } from './dropped-note';

const mask = { ourDomain: 'relay.example' };

describe('droppedNote', () => {
  it('names each file the author attached and why it was left out', () => {
    expect(
      droppedNote(
        [
          { filename: 'setup.exe', contentType: 'application/x-msdownload', reason: 'type_not_allowed' },
          { filename: 'holiday.mov', contentType: 'video/quicktime', reason: 'too_large' },
        ],
        mask,
      ),
    ).toBe(
      '2 attachments were not passed on: setup.exe (file type not allowed), holiday.mov (file too large).',
    );
  });

  it('says nothing of the signature a client adds to every email', () => {
    expect(
      droppedNote(
        [{ filename: 'smime.p7s', contentType: 'application/pkcs7-signature', reason: 'smime_signature' }],
        mask,
      ),
    ).toBeNull();
    expect(droppedNote([], mask)).toBeNull();
  });

  it('hides an address in a file name, and names a nameless file by its type', () => {
    expect(
      droppedNote(
        [
          { filename: 'ann@real.example.vcf', contentType: 'text/vcard', reason: 'vcard' },
          { filename: '', contentType: 'application/x-sh', reason: 'type_not_allowed' },
        ],
        mask,
      ),
    ).toBe(
      '2 attachments were not passed on: address-hidden (contact card, which carries an email address), ' +
        'unnamed application/x-sh file (file type not allowed).',
    );
  });

  it('reads a file name as safeName does (NFKC) and sees through invisible characters', () => {
    const note = droppedNote(
      [
        { filename: 'ann\uFE6Breal.example.vcf', contentType: 'text/vcard', reason: 'vcard' },
        {
          filename: 'ann@re\u00ADal.example.exe',
          contentType: 'application/x-msdownload',
          reason: 'type_not_allowed',
        },
        {
          filename: '\u202Eexe.elpmaxe.laer@nna',
          contentType: 'application/x-msdownload',
          reason: 'type_not_allowed',
        },
      ],
      mask,
    );
    expect(note).toBe(
      '3 attachments were not passed on: address-hidden (contact card, which carries an email address), ' +
        'address-hidden (file type not allowed), exe.elpmaxe.laer@nna (file type not allowed).',
    );
  });
});
