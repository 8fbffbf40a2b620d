import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export interface BenchSize {
  pairings: number;
  messages: number;
}

export interface BenchSeed {
  programmeIds: string[];
  pairingIds: string[];
  threadIds: string[];
  inboundIds: string[];
}

/**
 * Seeds a realistic admin workload in a few set-based statements (generate_series): programmes of
 * 250 pairings, a mentor and a mentee per pairing, three threads each, messages spread over 120
 * days (about every tenth a prompt, some pairings one-sided or gone quiet), one delivery per
 * message and one inbound email per ten, plus the prompt, schedule and feedback rows below. Ids are md5-derived from a run tag so rows join
 * without lookups. 1,000 pairings and 50,000 messages take a couple of seconds.
 */
export async function seedAdminBenchData(dataSource: DataSource, size: BenchSize): Promise<BenchSeed> {
  const tag = randomBytes(4).toString('hex');
  const P = size.pairings;
  const M = size.messages;
  const programmes = Math.max(1, Math.ceil(P / 250));
  const id = (kind: string, expr: string) => `md5('${kind}-${tag}-' || (${expr}))::uuid`;
  const progOf = (pairingExpr: string) => `(1 + ((${pairingExpr}) - 1) % ${programmes})`;
  await dataSource.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO programmes (id, name, slug)
       SELECT ${id('prog', 'g')}, 'Bench programme ' || g, 'bench-${tag}-' || g FROM generate_series(1, ${programmes}) g`,
    );
    await tx.query(
      `INSERT INTO pairings (id, programme_id, status, relay_address, created_at)
       SELECT ${id('pair', 'g')}, ${id('prog', progOf('g'))},
              CASE WHEN g % 17 = 0 THEN 'paused' WHEN g % 23 = 0 THEN 'ended' ELSE 'active' END,
              'bench-${tag}-' || g || '@relay.localhost', now() - interval '130 days' + (g % 90) * interval '1 day'
       FROM generate_series(1, ${P}) g`,
    );
    await tx.query(
      `INSERT INTO participants (id, programme_id, name, role, email, email_aliases, time_zone)
       SELECT ${id('part', 'g')}, ${id('prog', progOf('(g + 1) / 2'))},
              CASE WHEN g % 2 = 1 THEN 'Mentor ' ELSE 'Mentee ' END || g,
              CASE WHEN g % 2 = 1 THEN 'mentor' ELSE 'mentee' END,
              'p' || g || '-${tag}@bench.example', ARRAY['p' || g || '-${tag}@bench.example'], 'Europe/Berlin'
       FROM generate_series(1, ${2 * P}) g`,
    );
    await tx.query(
      `INSERT INTO pairing_members (pairing_id, participant_id, role)
       SELECT ${id('pair', '(g + 1) / 2')}, ${id('part', 'g')}, CASE WHEN g % 2 = 1 THEN 'mentor' ELSE 'mentee' END
       FROM generate_series(1, ${2 * P}) g`,
    );
    await tx.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
       SELECT ${id('thr', "p || '-' || k")}, ${id('pair', 'p')}, 'Week ' || (k + 1) || ' check-in',
              'week ' || (k + 1) || ' check-in', now() - interval '120 days', now()
       FROM generate_series(1, ${P}) p, generate_series(0, 2) k`,
    );
    // Message i goes to pairing p in round r; rounds alternate mentor and mentee, every tenth is a prompt.
    // Pairings p % 7 = 0 fell quiet a month ago; p % 11 = 0 only hear from the mentor lately.
    await tx.query(
      `INSERT INTO messages (id, thread_id, pairing_id, kind, author_id, new_text, quoted_text, full_text, subject,
                             message_id, created_at)
       SELECT ${id('msg', 'i')}, ${id('thr', "p || '-' || (r % 3)")}, ${id('pair', 'p')},
              CASE WHEN r % 10 = 9 THEN 'prompt' ELSE 'relay' END,
              CASE WHEN r % 10 = 9 THEN NULL
                   WHEN r % 2 = 0 OR (p % 11 = 0 AND i > ${M} * 0.8) THEN ${id('part', '2 * p - 1')}
                   ELSE ${id('part', '2 * p')} END,
              'Message ' || i || ' of the bench: how did the week go?', '> earlier text', 'Message ' || i,
              'Week ' || (r % 3 + 1) || ' check-in', 'bench-' || i || '-${tag}@relay.localhost',
              now() - (${M} - i) * interval '120 days' / ${M} - CASE WHEN p % 7 = 0 THEN interval '30 days' ELSE interval '0' END
       FROM (SELECT i, 1 + (i - 1) % ${P} AS p, (i - 1) / ${P} AS r FROM generate_series(1, ${M}) i) s`,
    );
    await tx.query(
      `UPDATE threads t SET last_message_at = m.last FROM (
         SELECT thread_id, max(created_at) AS last FROM messages
         WHERE pairing_id IN (SELECT id FROM pairings WHERE relay_address LIKE 'bench-${tag}-%') GROUP BY thread_id
       ) m WHERE t.id = m.thread_id`,
    );
    await tx.query(
      `INSERT INTO deliveries (id, dedupe_key, kind, status, reason, pairing_id, to_address, message_id, attempts, created_at, sent_at)
       SELECT ${id('dlv', 'i')}, 'bench:${tag}:' || i, CASE WHEN i % 10 = 9 THEN 'prompt' ELSE 'relay' END,
              CASE WHEN i % 211 = 0 THEN 'failed' WHEN i % 307 = 0 THEN 'suppressed' WHEN i % 401 = 0 THEN 'uncertain' ELSE 'sent' END,
              CASE WHEN i % 211 = 0 THEN 'permanent bounce' END, ${id('pair', '1 + (i - 1) % ' + P)},
              'p' || i || '@bench.example', 'out-' || i || '-${tag}@relay.localhost', 1,
              now() - (${M} - i) * interval '120 days' / ${M}, now() - (${M} - i) * interval '120 days' / ${M}
       FROM generate_series(1, ${M}) i`,
    );
    await tx.query(
      `INSERT INTO inbound_emails (id, source, dedupe_key, recipient, raw, size, status, reason, from_address, subject,
                                   pairing_id, auth, received_at, processed_at)
       SELECT ${id('inb', 'i')}, 'smtp', 'bench:${tag}:' || i, 'bench-${tag}-' || (1 + (i - 1) % ${P}) || '@relay.localhost',
              convert_to('Subject: bench ' || i || E'\\r\\n\\r\\nHello', 'UTF8'), 40,
              CASE WHEN i % 50 = 0 THEN 'held' WHEN i % 13 = 0 THEN 'rejected' WHEN i % 29 = 0 THEN 'ignored' ELSE 'accepted' END,
              CASE WHEN i % 50 = 0 THEN 'authentication_failed' WHEN i % 13 = 0 THEN 'unknown_sender' END,
              'p' || i || '@bench.example', 'bench ' || i, ${id('pair', '1 + (i - 1) % ' + P)},
              '{"spf":"pass","dkim":"pass","dmarc":"pass"}'::jsonb,
              now() - (${M / 10} - i) * interval '120 days' / ${M / 10}, now()
       FROM generate_series(1, ${Math.max(1, Math.floor(M / 10))}) i`,
    );
    await seedPromptsAndFeedback(tx, tag, P);
  });
  // What autovacuum does after a bulk insert; index-only scans need the visibility map.
  await dataSource.query('VACUUM ANALYZE');
  const ids = async (table: string, where: string, limit = 100_000): Promise<string[]> =>
    (
      (await dataSource.query(`SELECT id FROM ${table} WHERE ${where} ORDER BY id LIMIT ${limit}`)) as {
        id: string;
      }[]
    ).map((r) => r.id);
  return {
    programmeIds: await ids('programmes', `slug LIKE 'bench-${tag}-%'`),
    pairingIds: await ids('pairings', `relay_address LIKE 'bench-${tag}-%'`),
    threadIds: await ids(
      'threads',
      `pairing_id IN (SELECT id FROM pairings WHERE relay_address LIKE 'bench-${tag}-%')`,
      50,
    ),
    inboundIds: await ids('inbound_emails', `dedupe_key LIKE 'bench:${tag}:%'`, 50),
  };
}

/**
 * Every prompt message becomes an issued pairing prompt (every fourth a poll, with votes) sent
 * to both members; each member has a prompt and a digest schedule; some addresses bounced,
 * complained or are suppressed.
 */
async function seedPromptsAndFeedback(tx: EntityManager, tag: string, P: number): Promise<void> {
  const bench = `(SELECT id FROM pairings WHERE relay_address LIKE 'bench-${tag}-%')`;
  await tx.query(
    `INSERT INTO pairing_prompts (pairing_id, week, item, prompt_key, title, thread_id, message_row_id,
                                  poll_options, issued_at, created_at)
     SELECT pairing_id, n, 0, 'bench', 'Bench prompt ' || n, thread_id, id,
            CASE WHEN n % 4 = 0 THEN '["On track","Needs a tweak","Stuck"]'::jsonb END, created_at, created_at
     FROM (SELECT m.*, row_number() OVER (PARTITION BY m.pairing_id ORDER BY m.created_at) AS n
           FROM messages m WHERE m.kind = 'prompt' AND m.pairing_id IN ${bench}) s`,
  );
  await tx.query(
    `INSERT INTO deliveries (dedupe_key, kind, status, pairing_id, source_message_id, recipient_id, to_address,
                             message_id, transport, transport_id, attempts, created_at, sent_at)
     SELECT 'bench:${tag}:prompt:' || pp.id || ':' || pm.participant_id, 'prompt', 'sent', pp.pairing_id,
            pp.message_row_id, pm.participant_id, pa.email, 'prompt-' || pp.id || '-' || pm.participant_id,
            'ses', 'ses-' || pp.id || '-' || pm.participant_id, 1, pp.issued_at, pp.issued_at
     FROM pairing_prompts pp JOIN pairing_members pm ON pm.pairing_id = pp.pairing_id
     JOIN participants pa ON pa.id = pm.participant_id
     WHERE pp.pairing_id IN ${bench}`,
  );
  await tx.query(
    `INSERT INTO poll_votes (pairing_prompt_id, participant_id, option_index, voted_at)
     SELECT pp.id, pm.participant_id, (hashtext(pp.id::text || pm.participant_id::text) & 1), pp.issued_at
     FROM pairing_prompts pp JOIN pairing_members pm ON pm.pairing_id = pp.pairing_id
     WHERE pp.poll_options IS NOT NULL AND pp.pairing_id IN ${bench}`,
  );
  await tx.query(
    `INSERT INTO schedules (participant_id, pairing_id, stream, next_run_at, week, item)
     SELECT pm.participant_id, pm.pairing_id, st, now() + (hashtext(pm.participant_id::text) & 7) * interval '1 day', 6, 0
     FROM pairing_members pm, unnest(ARRAY['prompt', 'digest']) st WHERE pm.pairing_id IN ${bench}`,
  );
  // Participant g: every 37th bounced, every 101st complained, every 53rd is suppressed.
  await tx.query(
    `INSERT INTO delivery_events (message_ref, recipient, type, source, programme_id, bounce_type, score, occurred_at)
     SELECT 'bench-ev-${tag}-' || g, pa.email, CASE WHEN g % 37 = 0 THEN 'bounce' ELSE 'complaint' END, 'ses',
            pa.programme_id, CASE WHEN g % 37 = 0 THEN 'Transient' END, CASE WHEN g % 37 = 0 THEN 1 ELSE 0 END,
            now() - (g % 40) * interval '1 day'
     FROM generate_series(1, ${2 * P}) g JOIN participants pa ON pa.email = 'p' || g || '-${tag}@bench.example'
     WHERE g % 37 = 0 OR g % 101 = 0`,
  );
  await tx.query(
    `INSERT INTO suppressions (address, reason, source, created_at)
     SELECT 'p' || g || '-${tag}@bench.example', 'permanent bounce (General)', 'ses', now() - (g % 60) * interval '1 day'
     FROM generate_series(1, ${2 * P}) g WHERE g % 53 = 0`,
  );
}
