import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { UnsubscribeLinks } from '../../src/unsubscribe/unsubscribe-links';
import { StaffClient } from '../admin/staff-client';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(90_000);

describe('opting out and back: #stop, the unsubscribe link, #resume', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let staff: StaffClient;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'staff@links.example');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** A reply by real SMTP to the pairing's address, awaited until the pipeline settled it. */
  async function reply(world: PairingWorld, text: string): Promise<InboundEmail> {
    const { raw, messageId } = buildEmail({
      from: world.mentee.email,
      to: world.pairing.relayAddress,
      subject: 'Re: Week 1',
      text,
    });
    const port = running.app.get(SmtpListener).port!;
    await SmtpTestClient.sendOnce(port, { from: world.mentee.email, to: [world.pairing.relayAddress], raw });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  /** The confirmation in the outbox (the .eml the file transport wrote), by its subject. */
  const confirmation = (to: string, subject: string) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) => toAddress(m.parsed) === to.toLowerCase() && m.parsed.subject === subject,
      ),
    );

  const optOut = async (id: string) =>
    (
      (await db.query(`SELECT prompts_stopped_at, prompts_stopped_via FROM participants WHERE id = $1`, [
        id,
      ])) as { prompts_stopped_at: Date | null; prompts_stopped_via: string | null }[]
    )[0];

  const nextRuns = async (id: string) =>
    (await db.getRepository(Schedule).find({ where: { participantId: id }, order: { stream: 'ASC' } })).map(
      (r) => [r.stream, r.nextRunAt !== null],
    );

  const pairingPage = async (world: PairingWorld) =>
    (await staff.get(`/admin/pairings/${world.pairing.id}`)).text();

  it('#stop is confirmed by email though it stops prompts; staff see it; #resume is confirmed and restarts both streams', async () => {
    const world = await createPairingWorld(running.app);
    await running.app.get(ScheduleTickService).tick();
    expect(await nextRuns(world.mentee.id)).toEqual([
      ['digest', true],
      ['prompt', true],
    ]);

    const stopped = await reply(world, '#stop');
    expect([stopped.status, stopped.reason]).toEqual(['accepted', 'command']);
    const stopMail = await confirmation(world.mentee.email, 'Done: stop');
    expect(stopMail.parsed.text).toContain("we won't send you any more prompts or digests");
    expect(stopMail.parsed.text).toContain('#resume');
    expect(await optOut(world.mentee.id)).toMatchObject({ prompts_stopped_via: 'command' });
    expect((await optOut(world.mentee.id)).prompts_stopped_at).toBeInstanceOf(Date);
    expect(await nextRuns(world.mentee.id)).toEqual([
      ['digest', false],
      ['prompt', false],
    ]);

    const page = await pairingPage(world);
    expect(page).toMatch(/opted out<\/span> of prompts and digests [^(]+\(replied #stop\)/);

    const resumed = await reply(world, '#resume');
    expect([resumed.status, resumed.reason]).toEqual(['accepted', 'command']);
    const resumeMail = await confirmation(world.mentee.email, 'Done: resume');
    expect(resumeMail.parsed.text).toContain('prompts are back on');
    // The schedule has week 1 next: the confirmation names it.
    expect(resumeMail.parsed.text).toMatch(/The next one arrives/);
    expect(await optOut(world.mentee.id)).toEqual({ prompts_stopped_at: null, prompts_stopped_via: null });
    expect(await nextRuns(world.mentee.id)).toEqual([
      ['digest', true],
      ['prompt', true],
    ]);
    expect(await pairingPage(world)).not.toContain('opted out');
  });

  it('after the unsubscribe link, #resume by reply works and is confirmed', async () => {
    const world = await createPairingWorld(running.app);
    await running.app.get(ScheduleTickService).tick();
    const url = new URL(running.app.get(UnsubscribeLinks).url(world.mentee.id));
    const res = await fetch(`${running.httpUrl}${url.pathname}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await optOut(world.mentee.id)).toMatchObject({ prompts_stopped_via: 'unsubscribe_link' });
    expect(await pairingPage(world)).toContain('(unsubscribe link)');
    // The programme's participant list says it too, on the mentee's row only.
    const programme = await (await staff.get(`/admin/programmes/${world.programme.id}/participants`)).text();
    const list = programme.slice(programme.indexOf('<h2>Participants'));
    const rowOf = (email: string) => list.split('<tr>').find((r) => r.includes(email)) ?? '';
    expect(rowOf(world.mentee.email)).toMatch(
      /opted out<\/span> of prompts and digests [^(]+\(unsubscribe link\)/,
    );
    expect(rowOf(world.mentor.email)).not.toContain('opted out');

    await reply(world, '#resume');
    const resumeMail = await confirmation(world.mentee.email, 'Done: resume');
    expect(resumeMail.parsed.text).toContain('prompts are back on');
    expect(await optOut(world.mentee.id)).toEqual({ prompts_stopped_at: null, prompts_stopped_via: null });
    expect(await nextRuns(world.mentee.id)).toEqual([
      ['digest', true],
      ['prompt', true],
    ]);
  });
});
