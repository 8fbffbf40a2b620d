import { extractReply } from './extract-reply';

describe('forwards', () => {
  const gmailForward = {
    text: 'Look at this\n\n---------- Forwarded message ---------\nFrom: Acme <jobs@acme.example>\n\nThe offer',
    html:
      '<div dir="ltr">Look at this<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
      '---------- Forwarded message ---------<br>From: Acme &lt;jobs@acme.example&gt;<br></div><br>' +
      '<div dir="ltr"><b>The offer</b></div></div></div><style>.x{}</style>',
  };

  it('passes the whole forwarded message on when the subject says forward', () => {
    const r = extractReply({ ...gmailForward, subject: 'Fwd: Offer' });
    expect(r.method).toBe('forward');
    expect(r.reply).toBe(
      'Look at this\n\n---------- Forwarded message ---------\nFrom: Acme <jobs@acme.example>\n\nThe offer',
    );
    expect(r.html).toContain('<b>The offer</b>');
    expect(r.html).not.toContain('.x{}');
  });

  it('cuts a reply as history, forward line or not, when the subject does not say forward', () => {
    expect(extractReply({ text: gmailForward.text, subject: 'Re: Offer' }).reply).toBe('Look at this');
    expect(extractReply({ text: gmailForward.text }).reply).toBe('Look at this');
  });

  it('uses the text part of a text-only forward', () => {
    const r = extractReply({ text: 'FYI\n\nFrom: A\nSent: Monday\nTo: B\nSubject: X\n\nBody', subject: 'WG: X' });
    expect(r.reply).toBe('FYI\n\nFrom: A\nSent: Monday\nTo: B\nSubject: X\n\nBody');
    expect(r.html).toBeUndefined();
  });
});
