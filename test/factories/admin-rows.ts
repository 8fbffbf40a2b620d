import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PeopleRepository } from '../../src/admin/people/people.repository';
import { PairingActionsRepository } from '../../src/attention/pairing-actions.repository';
import { buildEmail } from './emails';
import type { PairingWorld } from './pairing.factory';

const MINUTE = 60_000;
const pad = (i: number) => String(i).padStart(2, '0');

/**
 * `n` staff-audit entries for the programme, through the repository the admin writes them with,
 * one a minute apart from `n` minutes ago: "change 01" is the oldest, "change <n>" the newest.
 */
export async function auditEntries(
  app: INestApplicationContext,
  w: PairingWorld,
  staffId: string,
  n: number,
) {
  const people = app.get(PeopleRepository);
  for (let i = 1; i <= n; i++) {
    await people.audit({
      staffId,
      programmeId: w.programme.id,
      action: i % 2 ? 'participant_edited' : 'safeguarding_changed',
      detail: `change ${pad(i)}`,
      participantId: i % 2 ? w.mentee.id : null,
    });
  }
  // `at` is the insert's now(): spread them so the order by time is the order written, whatever the clock's grain.
  await app.get(DataSource).query(
    `UPDATE staff_audit SET at = now() - ((100 - substring(detail from 8)::int) * interval '1 minute')
      WHERE programme_id = $1 AND detail LIKE 'change %'`,
    [w.programme.id],
  );
}

/**
 * `n` of the mentee's emails held for review by the safeguarding check, as the pipeline leaves
 * them (a real raw message, status held, reason safeguarding): subjects "held 01".."held <n>", oldest first.
 */
export async function heldForReview(app: INestApplicationContext, w: PairingWorld, n: number) {
  const db = app.get(DataSource);
  for (let i = 1; i <= n; i++) {
    const subject = `held ${pad(i)}`;
    const { raw } = buildEmail({
      from: w.mentee.email,
      to: w.pairing.relayAddress,
      subject,
      text: `message ${pad(i)}: call me on 07700 900${String(100 + i)}`,
    });
    await db.query(
      `INSERT INTO inbound_emails (source, recipient, raw, size, status, reason, detail, from_address, subject, pairing_id, received_at)
       VALUES ('smtp', $1, convert_to($2, 'UTF8'), $3, 'held', 'safeguarding', 'held for review: phone number', $4, $5, $6, $7)`,
      [
        w.pairing.relayAddress,
        raw,
        raw.length,
        w.mentee.email,
        subject,
        w.pairing.id,
        new Date(Date.now() - (100 - i) * MINUTE),
      ],
    );
  }
}

/** `n` resolved items in the pairing's history, a minute apart: "note 01" the oldest. */
export async function historyEntries(
  app: INestApplicationContext,
  w: PairingWorld,
  staffId: string,
  n: number,
) {
  const actions = app.get(PairingActionsRepository);
  for (let i = 1; i <= n; i++)
    await actions.record({
      pairingId: w.pairing.id,
      action: i % 2 ? 'resolve' : 'snooze',
      signal: 'reply_owed',
      note: `note ${pad(i)}`,
      staffId,
      createdAt: new Date(Date.now() - (100 - i) * MINUTE),
      ...(i % 2 ? {} : { snoozedUntil: new Date(Date.now() + 7 * 24 * 60 * MINUTE) }),
    });
}

/** A thread with `messages` messages from `author`, its last one `ago` minutes ago. */
export async function threadWith(
  app: INestApplicationContext,
  w: PairingWorld,
  subject: string,
  messages: number,
  ago: number,
): Promise<string> {
  const db = app.get(DataSource);
  const threadId = randomUUID();
  const at = new Date(Date.now() - ago * MINUTE);
  await db.query(
    `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
     VALUES ($1, $2, $3, lower($3), $4, $4)`,
    [threadId, w.pairing.id, subject, at],
  );
  for (let i = 0; i < messages; i++)
    await db.query(
      `INSERT INTO messages (thread_id, pairing_id, kind, author_id, new_text, subject, message_id, created_at)
       VALUES ($1, $2, 'relay', $3, 'Hello', $4, $5, $6)`,
      [threadId, w.pairing.id, w.mentee.id, subject, `${randomUUID()}@example.org`, at],
    );
  return threadId;
}
