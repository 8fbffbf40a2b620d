import { countMimeParts, headerBlock, relayedBytesAtLeast } from './unrelayable';

const multipart = (inner: string) =>
  Buffer.from(
    [
      'From: a@b.example',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain',
      '',
      'hello',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      inner,
      '--outer--',
      '',
    ].join('\r\n'),
  );

describe('countMimeParts', () => {
  it('counts a single-part message as one node', () => {
    expect(countMimeParts(Buffer.from('From: a@b.example\r\n\r\n--not a boundary\r\n'))).toBe(1);
  });

  it('counts the root, each part and each nested part', () => {
    const raw = multipart(
      '--inner\r\nContent-Type: text/plain\r\n\r\nx\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--inner--',
    );
    expect(countMimeParts(raw)).toBe(5);
  });
});

describe('headerBlock', () => {
  it('keeps the headers and drops the body', () => {
    const block = headerBlock(Buffer.from('From: a@b.example\r\nSubject: s\r\n\r\nbody'));
    expect(block.toString()).toBe('From: a@b.example\r\nSubject: s\r\n\r\n\r\n');
  });
});

describe('relayedBytesAtLeast', () => {
  it('adds the text, the HTML and the kept attachments, in UTF-8 bytes', () => {
    expect(relayedBytesAtLeast('é', '<p>é</p>', [10, 5])).toBe(2 + 9 + 15);
  });
});
