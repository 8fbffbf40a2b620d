import { decodeText } from './text-content';

describe('decodeText: an attachment read in its declared charset', () => {
  it('reads windows-1252 with its own characters (curly quotes, euro), not as ISO-8859-1', () => {
    const bytes = Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x80, 0x35]);
    expect(decodeText(bytes, 'windows-1252')).toBe('“Café” €5');
    expect(decodeText(bytes, ' Windows-1252 ')).toBe('“Café” €5');
  });

  it('lets a byte-order mark win over the label, and drops it', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ana@example.org', 'utf16le')]);
    expect(decodeText(le, 'iso-8859-1')).toBe('ana@example.org');
    expect(decodeText(Buffer.from(le).swap16())).toBe('ana@example.org');
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë', 'utf8')]);
    expect(decodeText(utf8, 'windows-1252')).toBe('Zoë');
  });

  it('reads UTF-8 when no charset is given or the label is unknown', () => {
    const bytes = Buffer.from('Zoë “Zo”', 'utf8');
    expect(decodeText(bytes)).toBe('Zoë “Zo”');
    expect(decodeText(bytes, 'x-no-such-charset')).toBe('Zoë “Zo”');
  });
});
