import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake in one round trip. Storing an email to a pairing's relay address took five statements
 * (BEGIN; the programme's limits with the sender's and the pairing's advisory locks; the counts
 * in the flood window; the insert; COMMIT), each a round trip, on the path of every email. This
 * function runs the same steps in its own transaction: each of its statements takes a fresh
 * snapshot (a VOLATILE function under READ COMMITTED), so the counts read after the locks see
 * every email committed under them before, as the separate statements did. Over a limit it stores
 * nothing and says so: the caller then takes the transactional path, which decides between
 * refusing and holding. The limit rule is overLimit()'s (src/inbound/flood/flood-limits.ts).
 */
export class ReceiveInboundEmail1796518507693 implements MigrationInterface {
  name = 'ReceiveInboundEmail1796518507693';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION receive_inbound_email(
         p_source text, p_raw bytea, p_recipient text, p_envelope_from text, p_dedupe_key text,
         p_auth jsonb, p_transport_meta jsonb, p_sender text)
       RETURNS TABLE (outcome text, id uuid)
       LANGUAGE plpgsql VOLATILE AS $fn$
       DECLARE
         v_limits record;
         v_by_sender int;
         v_by_pairing int;
         v_in_window int;
         v_id uuid;
       BEGIN
         SELECT p.id, g.sender_limit, g.pairing_limit, g.flood_window_minutes INTO v_limits
           FROM pairings p JOIN programmes g ON g.id = p.programme_id
          WHERE p.relay_address = p_recipient AND p.status = 'active';
         IF FOUND THEN
           -- The sender's lock, then the pairing's: the order and key spaces of every intake.
           PERFORM pg_advisory_xact_lock(1, hashtext(p_sender)), pg_advisory_xact_lock(2, hashtext(p_recipient));
           SELECT (SELECT count(*)::int FROM inbound_emails
                    WHERE sender = p_sender AND duplicate_of IS NULL
                      AND received_at > now() - make_interval(mins => v_limits.flood_window_minutes)),
                  (SELECT count(*)::int FROM inbound_emails
                    WHERE recipient = p_recipient AND duplicate_of IS NULL
                      AND received_at > now() - make_interval(mins => v_limits.flood_window_minutes))
             INTO v_by_sender, v_by_pairing;
           IF v_by_sender >= v_limits.sender_limit OR v_by_pairing >= v_limits.pairing_limit THEN
             RETURN QUERY SELECT 'over_limit'::text, NULL::uuid;
             RETURN;
           END IF;
           v_in_window := v_by_pairing + 1;
         END IF;
         INSERT INTO inbound_emails
                (source, raw, size, recipient, envelope_from, dedupe_key, auth, transport_meta, sender,
                 status, pairing_mail_in_window)
         VALUES (p_source, p_raw, octet_length(p_raw), p_recipient, p_envelope_from, p_dedupe_key, p_auth,
                 p_transport_meta, p_sender, 'received', v_in_window)
         ON CONFLICT DO NOTHING
         RETURNING inbound_emails.id INTO v_id;
         RETURN QUERY SELECT CASE WHEN v_id IS NULL THEN 'duplicate' ELSE 'stored' END, v_id;
       END
       $fn$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION receive_inbound_email(text, bytea, text, text, text, jsonb, jsonb, text)`);
  }
}
