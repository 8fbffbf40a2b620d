import {
  buildSesBounceEvent,
  buildSesComplaintEvent,
  buildSesDeliveryDelayEvent,
  buildSesDeliveryEvent,
  buildSesRejectEvent,
} from '../../../test/factories/sns-signer';
import { parseSesEventNotification } from './ses-events';
import { SesPayloadError } from './ses-payload.error';

const parse = (payload: unknown) => parseSesEventNotification(JSON.stringify(payload));

describe('parseSesEventNotification', () => {
  it('turns a bounce into one event per bounced recipient, with tags', () => {
    const events = parse(buildSesBounceEvent());
    expect(events).toEqual([
      {
        type: 'bounce',
        sesMessageId: '0100018e2c0f5a11-7c1d2e3f-aaaa-bbbb-cccc-1234567890ab-000000',
        recipient: 'gone@example.com',
        bounceType: 'Permanent',
        bounceSubType: 'General',
        diagnostic: 'smtp; 550 5.1.1 user unknown',
        feedbackId: '0100018e2c0f5e1a-9a2f3c1e-2b7d-4b1e-a1f0-6f3e9b1c2d3e-000000',
        timestamp: new Date('2026-03-12T08:15:40.512Z'),
        tags: expect.objectContaining({
          'ses:configuration-set': ['mentormail-outbound'],
          'mm-kind': ['prompt'],
        }),
      },
      expect.objectContaining({
        recipient: 'moved@example.com',
        diagnostic: 'smtp; 550 5.1.1 mailbox moved',
      }),
    ]);
  });

  it('reads identity notifications (notificationType) the same way, without tags', () => {
    const events = parse(
      buildSesBounceEvent({
        style: 'notification',
        bounceType: 'Transient',
        bounceSubType: 'MailboxFull',
        recipients: ['full@example.com'],
      }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'bounce',
      recipient: 'full@example.com',
      bounceType: 'Transient',
      bounceSubType: 'MailboxFull',
    });
    expect(events[0]).not.toHaveProperty('tags');
  });

  it('treats an unknown future bounce type as Undetermined, never as Permanent', () => {
    expect(parse(buildSesBounceEvent({ bounceType: 'Quantum' }))[0].bounceType).toBe('Undetermined');
  });

  it('turns a complaint into one event per complained recipient', () => {
    const events = parse(
      buildSesComplaintEvent({
        recipients: ['a@example.com', 'b@example.com'],
        complaintFeedbackType: 'not-spam',
      }),
    );
    expect(events.map((e) => [e.type, e.recipient, e.complaintFeedbackType])).toEqual([
      ['complaint', 'a@example.com', 'not-spam'],
      ['complaint', 'b@example.com', 'not-spam'],
    ]);
    expect(events[0].timestamp).toEqual(new Date('2026-03-12T09:01:05.000Z'));
    expect(events[0].sesMessageId).toBe('0100018e2c39f000-aaaabbbb-cccc-dddd-eeee-ffff00001111-000000');
  });

  it('keeps a complaint without a feedback type (Yahoo-style ARF) as a complaint', () => {
    const payload = buildSesComplaintEvent();
    delete (payload.complaint as Record<string, unknown>).complaintFeedbackType;
    const [event] = parse(payload);
    expect(event.type).toBe('complaint');
    expect(event).not.toHaveProperty('complaintFeedbackType');
  });

  it('turns a delivery into one event per recipient with the SMTP response', () => {
    const events = parse(buildSesDeliveryEvent({ recipients: ['lee@example.net', 'kim@example.net'] }));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'delivery',
        recipient: 'lee@example.net',
        diagnostic: '250 2.6.0 Message received',
        timestamp: new Date('2026-03-12T10:00:01.250Z'),
      }),
      expect.objectContaining({ type: 'delivery', recipient: 'kim@example.net' }),
    ]);
  });

  it('turns a reject into events for every destination, timed at the send', () => {
    const events = parse(buildSesRejectEvent({ recipients: ['x@example.com', 'y@example.com'] }));
    expect(events.map((e) => [e.type, e.recipient, e.diagnostic])).toEqual([
      ['reject', 'x@example.com', 'Bad content'],
      ['reject', 'y@example.com', 'Bad content'],
    ]);
    expect(events[0].timestamp).toEqual(new Date('2026-03-12T11:30:00.000Z'));
  });

  it('ignores DeliveryDelay, engagement events and the set-up message', () => {
    expect(parse(buildSesDeliveryDelayEvent())).toEqual([]);
    expect(parse({ eventType: 'Open', mail: { messageId: 'm' }, open: {} })).toEqual([]);
    expect(
      parseSesEventNotification('Successfully validated SNS topic for Amazon SES event publishing.'),
    ).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['no type', { mail: { messageId: 'm' } }],
    [
      'a bounce without recipients',
      {
        eventType: 'Bounce',
        mail: { messageId: 'm' },
        bounce: { bounceType: 'Permanent', timestamp: '2026-01-01T00:00:00Z', bouncedRecipients: [] },
      },
    ],
    [
      'a bounce with a bad timestamp',
      {
        eventType: 'Bounce',
        mail: { messageId: 'm' },
        bounce: {
          bounceType: 'Permanent',
          timestamp: 'yesterday',
          bouncedRecipients: [{ emailAddress: 'a@b' }],
        },
      },
    ],
    [
      'a delivery without mail',
      { eventType: 'Delivery', delivery: { recipients: ['a@b'], timestamp: '2026-01-01T00:00:00Z' } },
    ],
    [
      'tags that are not lists',
      {
        eventType: 'Delivery',
        mail: { messageId: 'm', tags: { a: 'b' } },
        delivery: { recipients: ['a@b'], timestamp: '2026-01-01T00:00:00Z' },
      },
    ],
  ])('refuses %s', (_name, payload) => {
    expect(() => parse(payload)).toThrow(SesPayloadError);
  });

  it('refuses text that is neither JSON nor the set-up message', () => {
    expect(() => parseSesEventNotification('hello')).toThrow(SesPayloadError);
  });
});
