import type { OutgoingMail } from '../../src/outbound/mime/build-mime';

/** A 1x1 PNG, for inline-image and attachment cases. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A relayed human reply as buildMime gets it, with whatever the case changes. */
export function relayedMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    from: { name: 'Ann via Bright Futures', address: 'm-ann123@relay.localhost' },
    replyTo: 'm-ann123@relay.localhost',
    to: 'bob@example.com',
    subject: 'Re: Your first week',
    messageId: 'k3j9x@relay.localhost',
    inReplyTo: 'p1@relay.localhost',
    references: ['root@relay.localhost', 'p1@relay.localhost'],
    date: new Date('2026-03-04T10:20:30Z'),
    text: 'Hi Bob,\nthanks!\n',
    ...overrides,
  };
}
