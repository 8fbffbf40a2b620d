import { loadFixture, parseMessage } from '../../../test/fixtures/emails/checks/load';
import { detectLoop, type LoopCheckOptions } from './loop';

const OPTS: LoopCheckOptions = {
  relayDomain: 'relay.mentormail.test',
  ownAddresses: ['notices@mentormail.test', 'Digest@MentorMail.test'],
  loopHeader: 'x-mentormail-loop',
};

const mail = (from: string, messageId: string, extra: string[] = []) =>
  parseMessage([
    `From: ${from}`,
    'To: m-k3x9q2@relay.mentormail.test',
    'Subject: Hi',
    `Message-ID: ${messageId}`,
    ...extra,
  ]);

describe('detectLoop', () => {
  it.each([
    ['loop-own-relay-message.eml', 'loop-header'],
    ['loop-own-message-id-only.eml', 'message-id:relay-domain'],
    ['loop-notice-from-own-address.eml', 'from:own-address'],
    ['loop-from-relay-address.eml', 'from:relay-domain'],
  ])('%s → %s', async (fixture, expected) => {
    expect(detectLoop(await loadFixture(fixture), OPTS)).toBe(expected);
  });

  it.each(['human-outlook-with-suppress.eml', 'auto-gmail-vacation.eml', 'bounce-postfix-failed.eml'])(
    // A reply (or an auto-reply, or a bounce) names our address and Message-ID, but only in To and
    // In-Reply-To/References and in the returned part, which are not loop signs.
    '%s is not a loop',
    async (fixture) => {
      expect(detectLoop(await loadFixture(fixture), OPTS)).toBeNull();
    },
  );

  it('matches the loop header name case-insensitively, whatever the configured spelling', async () => {
    const m = await mail('ann@example.com', '<a@example.com>', ['x-MENTORMAIL-loop: 2']);
    expect(detectLoop(m, { ...OPTS, loopHeader: 'X-MentorMail-Loop' })).toBe('loop-header');
  });

  it('counts subdomains of the relay domain as ours', async () => {
    expect(detectLoop(await mail('ann@example.com', '<x@eu.relay.mentormail.test>'), OPTS)).toBe(
      'message-id:relay-domain',
    );
    expect(detectLoop(await mail('m-1@eu.relay.mentormail.test', '<x@example.com>'), OPTS)).toBe(
      'from:relay-domain',
    );
  });

  it('compares own addresses without case or +tag', async () => {
    expect(detectLoop(await mail('digest+week3@mentormail.test', '<x@example.com>'), OPTS)).toBe(
      'from:own-address',
    );
  });

  it.each([
    ['lookalike domain', 'ann@evilrelay.mentormail.test', '<x@example.com>'],
    [
      'relay domain as a prefix of another domain',
      'ann@relay.mentormail.test.attacker.example',
      '<x@example.com>',
    ],
    [
      'relay domain inside the Message-ID local part',
      'ann@example.com',
      '<relay.mentormail.test-123@mail.gmail.com>',
    ],
    ['sibling of an own address', 'help@mentormail.test', '<x@example.com>'],
  ])('%s is not ours', async (_label, from, messageId) => {
    expect(detectLoop(await mail(from, messageId), OPTS)).toBeNull();
  });
});
