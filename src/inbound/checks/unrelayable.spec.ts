import {
  countMimeParts,
  headerBlock,
  longestLine,
  MAX_RAW_LINE_BYTES,
  relayedBytesAtLeast,
  structureProblem,
} from './unrelayable';

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

describe('longestLine', () => {
  it('measures the longest line without its CRLF or LF, and a last line without one', () => {
    expect(longestLine(Buffer.from(''))).toBe(0);
    expect(longestLine(Buffer.from('abc'))).toBe(3);
    expect(longestLine(Buffer.from('ab\r\nabcdef\r\nx'))).toBe(6);
    expect(longestLine(Buffer.from('abc\r'))).toBe(4);
    expect(longestLine(Buffer.from('a\n\nabcd'))).toBe(4);
    expect(longestLine(Buffer.from(`x\n${'y'.repeat(5000)}\n`))).toBe(5000);
  });
});

describe('structureProblem', () => {
  const email = (body: string) => Buffer.from(`From: a@b.example\r\nSubject: s\r\n\r\n${body}\r\n`);

  it('refuses more parts than the limit, counted exactly, and passes a message with few delimiter-like lines', () => {
    const parts = (n: number) =>
      Buffer.from(
        `Content-Type: multipart/mixed; boundary="b"\r\n\r\n${'--b\r\n\r\nx\r\n'.repeat(n)}--b--\r\n`,
      );
    // The root and 199 parts: exactly the limit (198 parts and their closing line are too few
    // delimiter-like lines to be scanned at all).
    expect(structureProblem(parts(198))).toBeNull();
    expect(structureProblem(parts(199))).toBeNull();
    expect(structureProblem(parts(200))?.detail).toBe('201 MIME parts > 200');
    expect(structureProblem(email('-- \r\nsignature'))).toBeNull();
  });

  it('lets a long line through, and refuses one over the bound before any parse, naming its size', () => {
    expect(structureProblem(email('x'.repeat(300_000)))).toBeNull();
    expect(structureProblem(email('x'.repeat(MAX_RAW_LINE_BYTES)))).toBeNull();
    expect(structureProblem(email('x'.repeat(MAX_RAW_LINE_BYTES + 1)))).toEqual({
      sizeText: 'one line of 4.2 MB',
      limitText: '4.2 MB per line',
      detail: `a line of ${MAX_RAW_LINE_BYTES + 1} bytes > ${MAX_RAW_LINE_BYTES}`,
    });
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
