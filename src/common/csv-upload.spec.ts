import { readCsvRecords } from './csv-records';
import { decodeCsvUpload } from './csv-upload';

const NAMES = 'name,email\r\nJosé Núñez,jose@example.org\r\nZoë “Zo” Brontë €,zoe@example.org\r\n';

describe('decodeCsvUpload: the encodings spreadsheets save CSV in', () => {
  it('reads UTF-8 as it is, and drops the byte order mark of Excel\'s "CSV UTF-8"', () => {
    expect(decodeCsvUpload(Buffer.from(NAMES, 'utf8'))).toEqual({ text: NAMES, encoding: 'utf-8' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NAMES, 'utf8')]);
    expect(decodeCsvUpload(bom)).toEqual({ text: NAMES, encoding: 'utf-8' });
  });

  it('reads a file that is not UTF-8 as windows-1252 (Excel\'s plain "CSV"), curly quotes and euro included', () => {
    // windows-1252 bytes: é ú ñ ë are Latin-1; “ ” € are the code page's own, outside Latin-1.
    const bytes = Buffer.from(NAMES.replace(/[“”€]/g, '_'), 'latin1');
    bytes[bytes.indexOf('_')] = 0x93;
    bytes[bytes.indexOf('_')] = 0x94;
    bytes[bytes.indexOf('_')] = 0x80;
    expect(decodeCsvUpload(bytes)).toEqual({ text: NAMES, encoding: 'windows-1252' });
  });

  it('reads UTF-16 with its byte order mark (Excel\'s "Unicode Text"), either byte order', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NAMES, 'utf16le')]);
    expect(decodeCsvUpload(le)).toEqual({ text: NAMES, encoding: 'utf-16le' });
    const be = Buffer.from(le).swap16();
    expect(decodeCsvUpload(be)).toEqual({ text: NAMES, encoding: 'utf-16be' });
  });
});

describe('readCsvRecords: the delimiter the header line uses', () => {
  const rows = (text: string) => {
    const read = readCsvRecords(text);
    if ('error' in read) throw new Error(read.error);
    return read.records.map((r) => r.record);
  };

  it('reads semicolons (Excel where the decimal mark is a comma) and tabs ("Unicode Text")', () => {
    const expected = [{ name: 'Doe, Jane', email: 'jane@example.org', about: 'chess' }];
    expect(rows('Name;Email;About\r\n"Doe, Jane";jane@example.org;chess\r\n')).toEqual(expected);
    expect(rows('Name\tEmail\tAbout\r\nDoe, Jane\tjane@example.org\tchess\r\n')).toEqual(expected);
    expect(rows('Name,Email,About\r\n"Doe, Jane",jane@example.org,chess\r\n')).toEqual(expected);
  });

  it('does not count a delimiter inside a quoted header, and takes a comma when the header has none', () => {
    expect(rows('name,"email; work",about\nAna,ana@example.org,x;y\n')).toEqual([
      { name: 'Ana', 'email;_work': 'ana@example.org', about: 'x;y' },
    ]);
    expect(rows('name\nAna; Bo\n')).toEqual([{ name: 'Ana; Bo' }]);
  });
});
