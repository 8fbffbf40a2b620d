import { buildMime } from './build-mime';
import { checkSize, HTML_LIMIT_BYTES, SES_RAW_LIMIT_BYTES } from './size-budget';

describe('checkSize', () => {
  it('accepts a message exactly at both limits', () => {
    expect(checkSize(Buffer.alloc(SES_RAW_LIMIT_BYTES), 'a'.repeat(HTML_LIMIT_BYTES))).toEqual({ ok: true });
  });

  it('rejects raw MIME one byte over 10,000,000', () => {
    expect(checkSize(Buffer.alloc(SES_RAW_LIMIT_BYTES + 1))).toEqual({
      ok: false,
      reason: 'raw_too_large',
      bytes: SES_RAW_LIMIT_BYTES + 1,
    });
  });

  it('counts HTML in UTF-8 bytes, not characters', () => {
    const html = 'ü'.repeat(HTML_LIMIT_BYTES / 2 + 1); // 2 bytes each
    expect(html.length).toBeLessThan(HTML_LIMIT_BYTES);
    expect(checkSize(Buffer.alloc(10), html)).toEqual({
      ok: false,
      reason: 'html_too_large',
      bytes: HTML_LIMIT_BYTES + 2,
    });
  });

  it('catches a 7.6 MB attachment that base64 pushes over the SES limit', async () => {
    const raw = await buildMime({
      from: { name: 'Ann', address: 'm-ann@relay.localhost' },
      to: 'bob@example.com',
      subject: 'big',
      messageId: 'big@relay.localhost',
      text: 'see attached',
      attachments: [
        {
          filename: 'scan.bin',
          contentType: 'application/octet-stream',
          content: Buffer.alloc(7_600_000, 7),
        },
      ],
    });
    expect(raw.length).toBeGreaterThan(SES_RAW_LIMIT_BYTES);
    expect(checkSize(raw)).toMatchObject({ ok: false, reason: 'raw_too_large', bytes: raw.length });
  });
});
