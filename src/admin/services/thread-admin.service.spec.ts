import { sanitizeInboundHtml } from './thread-admin.service';

describe('sanitizeInboundHtml', () => {
  it('removes scripts, handlers and javascript: links', () => {
    const out = sanitizeInboundHtml(
      `<p onclick="x()">Hi<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">` +
        `<a href="javascript:alert(1)">link</a><iframe src="https://evil.example"></iframe></p>`,
    );
    expect(out).not.toMatch(/script|onerror|onclick|javascript:|iframe/i);
    expect(out).toContain('<p>Hi');
  });

  it('drops remote images (tracking pixels) but keeps inline ones', () => {
    const out = sanitizeInboundHtml(
      '<img src="https://track.example/p.gif"><img src="cid:logo@x" alt="logo">',
    );
    expect(out).not.toContain('track.example');
    expect(out).toContain('cid:logo@x');
  });
});
