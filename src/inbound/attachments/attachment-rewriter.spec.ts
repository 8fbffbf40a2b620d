import type { Attachment } from 'mailparser';
import type { AppConfig } from '../../config/app-config';
import { OffloadService } from '../../offload/offload.service';
import { AttachmentRewriter } from './attachment-rewriter';

const config = {
  env: { RELAY_DOMAIN: 'relay.localhost', APP_SECRET: 'k'.repeat(32), OFFLOAD_THREADS: 0 },
} as unknown as AppConfig;
const rewriter = new AttachmentRewriter(config, new OffloadService(config));

function attachment(filename: string, contentType: string, body: string): Attachment {
  const content = Buffer.from(body, 'utf8');
  return {
    filename,
    contentType,
    content,
    size: content.length,
    headers: new Map(),
  } as unknown as Attachment;
}

// A CV as Word or a browser saves it: styles, a script, an address split by tags and references.
const CV =
  '<html><head><title>CV</title><style>h1{color:navy}</style></head><body><h1>Curriculum vitae</h1>' +
  '<p>Contact: <span>ann.lee</span>@example.org, ann.lee@<b>example.org</b>, ' +
  'ann&#64;exa&#109;ple.org, <a href="mailto:ann@exam%70le.org">write</a></p>' +
  '<script>document.write("ann" + "@" + "example.org")</script>' +
  '<table><tr><td>2024</td><td>Mentor</td></tr></table></body></html>';

describe('AttachmentRewriter', () => {
  it.each([
    ['text/html', 'cv.html', 'cv.html'],
    ['application/octet-stream', 'cv.htm', 'cv.htm'],
    ['text/plain', 'cv.html', 'cv.html'],
    ['application/xhtml+xml', 'cv.xhtml', 'cv.html'],
  ])('relays an HTML file (%s, %s) with no address a browser would show', async (type, name, relayed) => {
    const out = await rewriter.rewrite(attachment(name, type, CV), 'm-abc@relay.localhost');
    const html = out.content.toString('utf8');
    expect(html).not.toMatch(/ann|example|exa&#109;|%70|<script|<style/i);
    // The rest stays: the words, their structure, and a charset a browser opening the file reads.
    expect(html).toMatch(/^<!doctype html><html><head><meta charset="utf-8"><\/head><body>/);
    expect(html).toContain('<p>Curriculum vitae</p>');
    expect(html).toContain('2024');
    expect(out.contentType).toBe('text/html; charset=utf-8');
    expect(out.filename).toBe(relayed);
  });

  it('relays a page too deeply nested to serialise as its masked text', async () => {
    const deep = `${'<div>'.repeat(20_000)}<span>ann.lee</span>@example.org${'</div>'.repeat(20_000)}`;
    const out = await rewriter.rewrite(attachment('deep.html', 'text/html', deep), 'm-abc@relay.localhost');
    expect(out.content.toString('utf8')).toBe('[address hidden]');
    expect(out.contentType).toBe('text/plain; charset=utf-8');
    expect(out.filename).toBe('deep.html.txt');
  });

  it('still masks a text file as text', async () => {
    const out = await rewriter.rewrite(
      attachment('notes.txt', 'text/plain', '<span>keep</span> ann@exa\u200Bmple.org'),
      'm-abc@relay.localhost',
    );
    expect(out.content.toString('utf8')).toBe('<span>keep</span> [address hidden]');
  });
});
