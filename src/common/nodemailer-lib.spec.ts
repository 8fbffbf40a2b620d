import { addressparser, base64, MailComposer, qp, SMTPConnection } from './nodemailer-lib';

// nodemailer exports its package.json (see its `exports` map).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('nodemailer/package.json') as { version: string };

/**
 * Fails with a sentence naming what changed inside nodemailer and which of our files relies on
 * it, so an upgrade that moves an internal stops here rather than in a relayed email.
 */
function expectShape(ok: boolean, what: string, usedBy: string): void {
  if (ok) return;
  throw new Error(
    `nodemailer ${version} changed an internal we use: ${what}. ${usedBy} relies on it; ` +
      'adapt src/common/nodemailer-lib.ts and that file (or pin nodemailer) before upgrading.',
  );
}

describe('the nodemailer internals we import (src/common/nodemailer-lib.ts)', () => {
  it('MailComposer compiles a MimeNode tree with the members serialize-mime reads', () => {
    expectShape(typeof MailComposer === 'function', 'lib/mail-composer no longer exports a class', 'build-mime.ts');
    const root = new MailComposer({
      from: 'a@example.org',
      to: 'b@example.org',
      subject: 'Hi',
      text: 'plain é',
      html: '<p>html</p>',
    }).compile() as unknown as Record<string, unknown>;
    const uses = 'serialize-mime.ts';
    expectShape(typeof root.buildHeaders === 'function', 'MimeNode.buildHeaders() is gone', uses);
    expectShape(Array.isArray(root.childNodes), 'MimeNode.childNodes is no longer an array', uses);
    const headers = (root.buildHeaders as () => unknown).call(root);
    expectShape(
      typeof headers === 'string' && headers.includes('Content-Type: multipart/alternative'),
      'MimeNode.buildHeaders() no longer returns the header block as a string',
      uses,
    );
    // Set while the headers are built, which serialize-mime does first.
    expectShape(root.multipart === 'alternative', 'MimeNode.multipart no longer names the subtype', uses);
    expectShape(typeof root.boundary === 'string' && root.boundary !== '', 'MimeNode.boundary is not a string', uses);
    const text = (root.childNodes as Record<string, unknown>[])[0];
    expectShape(text.content === 'plain é', 'MimeNode.content no longer holds the in-memory body', uses);
    expectShape(
      typeof text.getTransferEncoding === 'function' &&
        (text.getTransferEncoding as () => unknown).call(text) === 'quoted-printable',
      'MimeNode.getTransferEncoding() no longer says quoted-printable for a text part',
      uses,
    );
  });

  it('lib/base64 and lib/qp encode and wrap as serialize-mime expects', () => {
    const uses = 'serialize-mime.ts';
    expectShape(typeof base64.encode === 'function' && typeof base64.wrap === 'function', 'lib/base64 lost encode/wrap', uses);
    expectShape(base64.encode(Buffer.from('hi')) === 'aGk=', 'base64.encode(Buffer) no longer returns a string', uses);
    expectShape(base64.wrap('a'.repeat(100), 76) === `${'a'.repeat(76)}\r\n${'a'.repeat(24)}`, 'base64.wrap(text, 76) changed its line breaks', uses);
    expectShape(typeof qp.encode === 'function' && typeof qp.wrap === 'function', 'lib/qp lost encode/wrap', uses);
    expectShape(qp.encode(Buffer.from('é=', 'utf8')) === '=C3=A9=3D', 'qp.encode(Buffer) changed its output', uses);
    expectShape(qp.wrap('b'.repeat(100), 76).split('\r\n')[0] === `${'b'.repeat(75)}=`, 'qp.wrap(text, 76) changed its soft breaks', uses);
  });

  it('lib/smtp-connection has the client calls the SMTP transport makes', () => {
    const proto = SMTPConnection.prototype as unknown as Record<string, unknown>;
    const uses = 'outbound/transports/smtp.transport.ts';
    for (const call of ['connect', 'login', 'send', 'close']) {
      expectShape(typeof proto[call] === 'function', `SMTPConnection.${call}() is gone`, uses);
    }
    // That send() reads the message only once the server answered DATA is checked, against a
    // real server, by smtp.transport.spec.ts ("records the hand-over while the server holds...").
  });

  it('lib/addressparser flattens a From header into names and addresses', () => {
    const parsed = addressparser('"Ann" <ann@example.org>, team: bob@example.org;', { flatten: true });
    expectShape(
      JSON.stringify(parsed) ===
        JSON.stringify([
          { address: 'ann@example.org', name: 'Ann' },
          { address: 'bob@example.org', name: '' },
        ]),
      `addressparser(..., { flatten: true }) now returns ${JSON.stringify(parsed)}`,
      'inbound/flood/flood-limits.ts',
    );
  });
});
