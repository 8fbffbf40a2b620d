import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { escapeHtml } from '../../src/admin/html/html';
import { previewInput } from '../../src/admin/services/template-preview.service';
import { VoteLinks } from '../../src/prompts/polls/vote-links';
import { TEMPLATES_CSP } from '../../src/admin/html/styles';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { Suppression } from '../../src/outbound/entities/suppression.entity';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { OutboxService } from '../../src/outbound/outbox.service';
import { curriculumFor } from '../../src/prompts/curricula';
import { findPrompt } from '../../src/prompts/library/prompt-library';
import { promptKeyOf } from '../../src/prompts/schedule/prompt-plan';
import { RenderingService } from '../../src/rendering/rendering.service';
import { SAMPLE_PROPS } from '../../src/rendering/sample-props';
import { isLibraryPromptTemplate, TEMPLATE_NAMES } from '../../src/rendering/template-catalog';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { daysAgo, issuePrompt, write } from './prompt-rows';
import { StaffClient } from './staff-client';

const anyVoteToken = (html: string) => html.replace(/\/v\/[\w.-]+/g, '/v/TOKEN');

const STAFF = 'coordinator@example.org';

/** The staff view of outbound feedback, templates and prompts, on real PostgreSQL and Redis. */
describe('admin: suppressions, templates, prompts and feedback', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let client: StaffClient;

  beforeAll(async () => {
    env = await TestEnv.create();
    // No worker: the schedule tick would issue prompts of its own into these pairings.
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    client = await StaffClient.loggedIn(running.app, running.httpUrl!, STAFF);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** Each world has a programme of its own, so the programme filter finds just its pairing. */
  const reasonsOf = async (w: PairingWorld): Promise<string[]> => {
    const rows = (await (await client.get(`/api/pairings?programmeId=${w.programme.id}`)).json()) as {
      id: string;
      reasons: string[];
    }[];
    return rows.find((r) => r.id === w.pairing.id)!.reasons;
  };

  describe('the suppression list', () => {
    let w: PairingWorld;

    beforeAll(async () => {
      w = await createPairingWorld(running.app);
      await running.app.get(SuppressionService).suppress(w.mentee.email, 'permanent bounce (General)', 'ses');
      await db.query(
        `INSERT INTO delivery_events (message_ref, recipient, type, source, bounce_type, score, occurred_at)
         VALUES ('ses-1', $1, 'bounce', 'ses', 'Permanent', 0, now())`,
        [w.mentee.email],
      );
    });

    it('lists the suppressed address with its owner, and flags the pairing', async () => {
      const res = await client.get('/admin/suppressions?active=1');
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain(w.mentee.email);
      expect(body).toContain(escapeHtml(`Tom Mentee (mentee, ${w.programme.name})`));
      expect(body).toContain('permanent bounce (General)');
      expect(await reasonsOf(w)).toContain('bounce_or_complaint');
    });

    it('lifts an entry only with the CSRF token, through the suppression service', async () => {
      const refused = await client.post('/admin/suppressions/lift', { address: w.mentee.email });
      expect(refused.status).toBe(403);
      expect(await running.app.get(SuppressionService).isSuppressed(w.mentee.email)).toBe(true);

      const lifted = await client.post('/admin/suppressions/lift', {
        _csrf: await client.csrf(),
        address: w.mentee.email,
      });
      expect(lifted.status).toBe(303);
      expect(await running.app.get(SuppressionService).isSuppressed(w.mentee.email)).toBe(false);
      const row = await db.getRepository(Suppression).findOneByOrFail({ address: w.mentee.email });
      expect(row.liftedAt).not.toBeNull();
      // The bounce came before the lift, so the pairing is no longer flagged for it.
      expect(await reasonsOf(w)).not.toContain('bounce_or_complaint');
      const page = await (await client.get(lifted.headers.get('location')!)).text();
      expect(page).toContain(`Lifted the suppression of ${w.mentee.email}`);

      const again = await client.post('/admin/suppressions/lift', {
        _csrf: await client.csrf(),
        address: w.mentee.email,
      });
      expect(again.status).toBe(400);
    });

    it('flags a pairing whose member complained, without any suppression', async () => {
      const other = await createPairingWorld(running.app);
      await db.query(
        `INSERT INTO delivery_events (message_ref, recipient, type, source, score, occurred_at)
         VALUES ('ses-2', $1, 'complaint', 'ses', 0, now() - interval '2 days')`,
        [other.mentor.email],
      );
      expect(await reasonsOf(other)).toContain('bounce_or_complaint');
      const attention = await (await client.get('/admin/attention')).text();
      expect(attention).toContain('Email to a member bounces or is blocked');
      expect(attention).toContain('a complaint: an email was marked as spam');
    });
  });

  describe('the templates page', () => {
    it('shows every template rendered with sample data, HTML sandboxed beside the text', async () => {
      const res = await client.get('/admin/templates');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(TEMPLATES_CSP);
      expect(TEMPLATES_CSP).toContain("default-src 'none'");
      const body = await res.text();
      const rendering = running.app.get(RenderingService);
      const library = rendering.templateNames.filter(isLibraryPromptTemplate);
      expect(library.length).toBeGreaterThanOrEqual(25);
      for (const name of rendering.templateNames) {
        // A library prompt previews with its own card; every other template with its sample props.
        // Polls preview with links signed like real ones: the same, but for their expiry second.
        const r = rendering.renderInput(previewInput(name, running.app.get(VoteLinks)));
        expect(body).toContain(`id="${name}"`);
        expect(anyVoteToken(body)).toContain(`srcdoc="${anyVoteToken(escapeHtml(r.html))}"`);
        expect(anyVoteToken(body)).toContain(`${anyVoteToken(escapeHtml(r.text))}</pre>`);
        expect(body).toContain(escapeHtml(r.subject));
      }
      expect(body.match(/<iframe\s+sandbox=""\s/g)).toHaveLength(TEMPLATE_NAMES.length + library.length);
    });

    it('sends a test of one template to the staff member through the outbox', async () => {
      const refused = await client.post('/admin/templates/digest-weekly/test', {});
      expect(refused.status).toBe(403);
      const res = await client.post('/admin/templates/digest-weekly/test', { _csrf: await client.csrf() });
      expect(res.status).toBe(303);
      const [delivery] = await db
        .getRepository(Delivery)
        .find({ where: { kind: 'notice', toAddress: STAFF } });
      expect(delivery.status).toBe('queued');
      expect(delivery.payload).toMatchObject({ reason: 'template_test', input: { name: 'digest-weekly' } });

      await running.app.get(OutboxService).send(delivery.id);
      const sent = await db.getRepository(Delivery).findOneByOrFail({ id: delivery.id });
      expect(sent.status).toBe('sent');
      expect(sent.templateName).toBe('digest-weekly');
      const mail = (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === STAFF);
      const expected = running.app
        .get(RenderingService)
        .render('digest-weekly', SAMPLE_PROPS['digest-weekly']);
      expect(mail?.parsed.subject).toBe(expected.subject);
      expect(mail?.parsed.text?.trim()).toBe(expected.text.trim());

      const unknown = await client.post('/admin/templates/no-such/test', { _csrf: await client.csrf() });
      expect(unknown.status).toBe(400);
    });
  });

  describe('the pairing page and the prompt rules', () => {
    let w: PairingWorld;

    beforeAll(async () => {
      w = await createPairingWorld(running.app);
      const first = await issuePrompt(db, w, { week: 1, at: daysAgo(10) });
      await write(db, w, w.mentee.id, daysAgo(9), first.threadId);
      const poll = await issuePrompt(db, w, {
        week: 2,
        at: daysAgo(5),
        poll: ['On track', 'Needs a tweak', 'Stuck'],
      });
      // The mentor's copy of the third prompt was blocked: it was never sent to them.
      await issuePrompt(db, w, { week: 3, at: daysAgo(3), mentor: 'suppressed' });
      await db.query(
        `INSERT INTO poll_votes (pairing_prompt_id, participant_id, option_index, voted_at)
         VALUES ($1, $2, 1, now()), ($1, $3, 1, now())`,
        [poll.id, w.mentor.id, w.mentee.id],
      );
      await db.query(
        `INSERT INTO schedules (participant_id, pairing_id, stream, next_run_at, week, item)
         VALUES ($1, $3, 'prompt', '2030-01-07T08:00:00Z', 4, 0), ($2, $3, 'prompt', NULL, 4, 0),
                ($2, $3, 'digest', '2030-01-11T17:00:00Z', 1, 0)`,
        [w.mentor.id, w.mentee.id, w.pairing.id],
      );
    });

    it('shows upcoming prompts, prompts answered of sent per side, and poll results', async () => {
      const body = await (await client.get(`/admin/pairings/${w.pairing.id}`)).text();
      const cards = body.split('<div class="card">');
      const mentorCard = cards.find((c) => c.includes('<strong>Maria Mentor</strong>'))!;
      const menteeCard = cards.find((c) => c.includes('<strong>Tom Mentee</strong>'))!;
      expect(mentorCard).toContain('Prompts answered: 0 of 2');
      expect(menteeCard).toContain('Prompts answered: 1 of 3');

      const curriculum = curriculumFor(w.programme.curriculumKey);
      const title = findPrompt(promptKeyOf(curriculum, { week: 4, item: 0 })!)!.title;
      expect(body).toMatch(
        /Maria Mentor[^<]*<span class="muted">\(mentor\)<\/span>\s*<\/td>\s*<td data-label="Stream">prompt<\/td>\s*<td data-label="Next send">2030-01-07 08:00<\/td>/,
      );
      expect(body).toContain(escapeHtml(`week 4, item 1: ${title}`));
      expect(body).toContain('2030-01-11 17:00');
      expect(body).toContain('nothing more due');

      expect(body).toContain('<h2>Poll results</h2>');
      expect(body).toMatch(/<li>On track: 0<\/li>\s*<li>Needs a tweak: 2<\/li>\s*<li>Stuck: 0<\/li>/);
    });

    it('needs attention after two prompts in a row went unanswered', async () => {
      expect(await reasonsOf(w)).toContain('prompts_unanswered');
      await write(db, w, w.mentor.id, daysAgo(1));
      expect(await reasonsOf(w)).not.toContain('prompts_unanswered');
    });
  });

  describe('the dashboard', () => {
    it('shows bounce and complaint rates per programme from the feedback', async () => {
      const w = await createPairingWorld(running.app);
      for (let i = 0; i < 4; i++) {
        await db.query(
          `INSERT INTO deliveries (dedupe_key, kind, status, pairing_id, recipient_id, to_address, message_id,
                                   transport, transport_id, sent_at)
           VALUES ($1, 'relay', 'sent', $2, $3, $4, $1, 'ses', $1, now() - interval '1 day')`,
          [randomUUID(), w.pairing.id, w.mentee.id, w.mentee.email],
        );
      }
      await db.query(
        `INSERT INTO delivery_events (message_ref, recipient, type, source, programme_id, score, occurred_at)
         VALUES ('r-1', $1, 'bounce', 'ses', $2, 1, now()), ('r-2', $1, 'complaint', 'ses', $2, 0, now())`,
        [w.mentee.email, w.programme.id],
      );
      const body = await (await client.get('/admin')).text();
      // Each row on its own: the last row of a table must not run on into the rest of the page.
      const row = body
        .split('<tr>')
        .map((r) => r.split('</tr>')[0])
        .find((r) => r.includes(`/admin/programmes/${w.programme.id}">`) && r.includes(' · '))!;
      expect(row).toMatch(
        /<td[^>]*>4<\/td>\s*<td[^>]*>\s*1 · <strong class="error">25.00 %<\/strong>\s*<\/td>\s*<td[^>]*>\s*1 · <strong class="error">25.00 %<\/strong>\s*<\/td>/,
      );
    });
  });
});
