import {
  buildSesInboundS3Action,
  buildSesInboundSnsAction,
  loadSesFixture,
} from '../../../test/factories/sns-signer';
import { parseSesInboundNotification } from './ses-inbound';
import { SesPayloadError } from './ses-payload.error';
import type { SesPayloadErrorCode } from './ses-payload.error';

const MIME =
  'From: Lee <lee@example.net>\r\nTo: p-1@relay.test\r\nSubject: Grüße\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nDanke für alles — 学習\r\n';

function expectCode(run: () => unknown, code: SesPayloadErrorCode): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SesPayloadError);
  expect((caught as SesPayloadError).code).toBe(code);
}

describe('parseSesInboundNotification: SNS action', () => {
  it('decodes UTF8 content to the exact MIME bytes', () => {
    const parsed = parseSesInboundNotification(
      JSON.stringify(buildSesInboundSnsAction({ raw: MIME, encoding: 'UTF8' })),
    );
    expect(parsed.content).toEqual({ kind: 'inline', raw: Buffer.from(MIME, 'utf8') });
  });

  it('decodes BASE64 content, keeping bytes that are not UTF-8', () => {
    // A Latin-1 body: exactly the case where SES's UTF8 encoding would corrupt and BASE64 does not.
    const latin1 = Buffer.concat([
      Buffer.from('Subject: x\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n'),
      Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]),
    ]);
    const notification = buildSesInboundSnsAction({ raw: latin1, encoding: 'BASE64' });
    // SES wraps long base64; line breaks must not matter.
    notification.content = (notification.content as string).replace(/(.{40})/g, '$1\r\n');
    const parsed = parseSesInboundNotification(JSON.stringify(notification));
    expect(parsed.content.kind).toBe('inline');
    expect(parsed.content.kind === 'inline' && parsed.content.raw.equals(latin1)).toBe(true);
  });

  it('reads ids, envelope and lower-cased verdicts from the AWS-shaped fixture', () => {
    const parsed = parseSesInboundNotification(JSON.stringify(loadSesFixture('received-sns-action')));
    expect(parsed).toMatchObject({
      messageId: 'd6iitobk75ur44p8kdnnp7g2n800',
      recipients: ['p-7f3k2q@relay.mentormail.test'],
      source: 'mentor.ana@example.org',
      verdicts: { spf: 'pass', dkim: 'gray', dmarc: 'pass', spam: 'pass', virus: 'pass' },
    });
    expect(parsed).not.toHaveProperty('dmarcPolicy');
  });

  it('refuses base64 with junk in it instead of returning a truncated mail', () => {
    const notification = buildSesInboundSnsAction({ raw: MIME, encoding: 'BASE64' });
    notification.content = `${notification.content as string}!!`;
    expectCode(() => parseSesInboundNotification(JSON.stringify(notification)), 'invalid_field');
  });

  it('refuses an SNS action without content', () => {
    const notification = buildSesInboundSnsAction();
    delete notification.content;
    expectCode(() => parseSesInboundNotification(JSON.stringify(notification)), 'missing_field');
  });
});

describe('parseSesInboundNotification: S3 action', () => {
  it('names the bucket and key, with several recipients and failing verdicts', () => {
    const parsed = parseSesInboundNotification(
      JSON.stringify(buildSesInboundS3Action({ messageId: 'abc123' })),
    );
    expect(parsed).toEqual({
      messageId: 'abc123',
      recipients: ['p-9xk1zz@relay.mentormail.test', 'p-aa02bc@relay.mentormail.test'],
      source: '0100018e2b1c@bounce.example.net',
      verdicts: { spf: 'fail', dkim: 'pass', dmarc: 'fail', spam: 'pass', virus: 'pass' },
      dmarcPolicy: 'quarantine',
      content: { kind: 's3', bucket: 'mentormail-inbound-raw', key: 'inbound/abc123' },
    });
  });

  it('maps every documented verdict and treats a missing one as disabled', () => {
    const notification = buildSesInboundS3Action();
    const receipt = notification.receipt as Record<string, unknown>;
    receipt.spfVerdict = { status: 'PROCESSING_FAILED' };
    receipt.dkimVerdict = { status: 'DISABLED' };
    receipt.spamVerdict = { status: 'GRAY' };
    delete receipt.virusVerdict;
    expect(parseSesInboundNotification(JSON.stringify(notification)).verdicts).toEqual({
      spf: 'processing_failed',
      dkim: 'disabled',
      dmarc: 'fail',
      spam: 'gray',
      virus: 'disabled',
    });
  });
});

describe('parseSesInboundNotification: malformed input', () => {
  const mutate = (change: (n: Record<string, Record<string, unknown>>) => void) => () => {
    const notification = buildSesInboundS3Action() as Record<string, Record<string, unknown>>;
    change(notification);
    return parseSesInboundNotification(JSON.stringify(notification));
  };

  it.each<[string, () => unknown, SesPayloadErrorCode]>([
    ['not JSON', () => parseSesInboundNotification('<xml/>'), 'invalid_json'],
    ['a JSON array', () => parseSesInboundNotification('[]'), 'invalid_field'],
    [
      'a bounce notification',
      () => parseSesInboundNotification('{"notificationType":"Bounce"}'),
      'unexpected_type',
    ],
    [
      'the set-up notification',
      () => parseSesInboundNotification('{"notificationType":"AMAZON_SES_SETUP_NOTIFICATION"}'),
      'setup_notification',
    ],
    ['no mail', mutate((n) => delete n.mail), 'missing_field'],
    ['no messageId', mutate((n) => delete n.mail.messageId), 'missing_field'],
    ['recipients not a list', mutate((n) => (n.receipt.recipients = 'a@b')), 'invalid_field'],
    ['an unknown verdict', mutate((n) => (n.receipt.spamVerdict = { status: 'MAYBE' })), 'invalid_field'],
    [
      'a Lambda action',
      mutate((n) => (n.receipt.action = { type: 'Lambda', functionArn: 'arn:x' })),
      'unexpected_type',
    ],
    [
      'an S3 action without key',
      mutate((n) => delete (n.receipt.action as Record<string, unknown>).objectKey),
      'missing_field',
    ],
  ])('refuses %s', (_name, run, code) => {
    expectCode(run, code);
  });

  it('refuses an unknown SNS encoding when content is present', () => {
    const notification = buildSesInboundSnsAction();
    ((notification.receipt as Record<string, unknown>).action as Record<string, unknown>).encoding = 'UTF16';
    expectCode(() => parseSesInboundNotification(JSON.stringify(notification)), 'invalid_field');
  });
});
