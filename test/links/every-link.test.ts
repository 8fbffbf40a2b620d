import { createServer } from 'node:net';
import { load } from 'cheerio';
import type { ParsedMail } from 'mailparser';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Transactor } from '../../src/database/transactor';
import type { NoticePayload } from '../../src/notices/notice.composer';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { LettersRepository } from '../../src/prompts/letters/letters.repository';
import { PROMPT_LIBRARY } from '../../src/prompts/library/prompt-library';
import { localDateOf } from '../../src/prompts/schedule/local-time';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { RenderingService } from '../../src/rendering/rendering.service';
import { SAMPLE_PROPS } from '../../src/rendering/sample-props';
import {
  TEMPLATE_NAMES,
  libraryPromptTemplate,
  type CatalogTemplate,
  type TemplateInput,
} from '../../src/rendering/template-catalog';
import type { EmailCommand } from '../../src/rendering/template-props';
import { replyControls } from '../../src/unsubscribe/unsubscribe-links';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Every template sent for real through the outbox, then every link fetched: slow on a shared box.
jest.setTimeout(240_000);

/** A port the server can take, so PUBLIC_URL can name it before the app starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Sent by their own composers below; every other catalog template goes out as a notice. */
const OWN_PATHS: readonly CatalogTemplate[] = [
  'digest-weekly',
  'letter-returned',
  'notice-command-confirmation',
];
const COMMANDS: readonly EmailCommand[] = ['pause', 'resume', 'skip', 'stop', 'help'];

// Links as a mail client finds them: href and src in the HTML, bare URLs in the text part, and
// the List-Unsubscribe header. Bounded classes only (no backtracking on hostile text).
const TEXT_URL = /https?:\/\/[^\s<>"'()[\]]+/g;

function hostOf(link: string): string | null {
  return URL.canParse(link) ? new URL(link).host : null;
}

function linksOf(mail: ParsedMail): string[] {
  const found: string[] = [];
  if (mail.html) {
    const $ = load(mail.html);
    $('[href], [src]').each((_, el) => {
      const value = $(el).attr('href') ?? $(el).attr('src');
      if (value) found.push(value);
    });
  }
  for (const m of (mail.text ?? '').matchAll(TEXT_URL)) found.push(m[0].replace(/[.,;:]$/, ''));
  const header = mail.headers.get('list');
  const unsubscribe = (header as { unsubscribe?: { url?: string } } | undefined)?.unsubscribe?.url;
  if (unsubscribe) found.push(unsubscribe);
  return found;
}

describe('every link of every email answers from the running server (http PUBLIC_URL)', () => {
  let env: TestEnv;
  let running: RunningApp;
  let publicUrl: string;
  let world: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    running = await env.start({
      ROLES: 'api,worker',
      HTTP_PORT: String(port),
      PUBLIC_URL: publicUrl,
      SCHEDULE_TICK_MS: '3600000',
    });
    world = await createPairingWorld(running.app);
    await running.app.get(ScheduleTickService).tick(new Date());
  }, 120_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** Every library prompt to both members, through the issuer the schedule uses. */
  async function issuePrompts(tx: EntityManager, now: Date): Promise<Delivery[]> {
    const issuer = running.app.get(PromptIssuer);
    const out: Delivery[] = [];
    for (const [i, prompt] of PROMPT_LIBRARY.entries()) {
      for (const member of [world.mentor, world.mentee]) {
        const to = { participantId: member.id, pairingId: world.pairing.id, email: member.email };
        const slot = { week: i + 1, item: 0, weekStart: localDateOf(now, 'UTC'), at: now };
        out.push(...(await issuer.issue(tx, to, slot, prompt.key, now)));
      }
    }
    return out;
  }

  /** The letter a member wrote back to them, a digest, and a confirmation of each command. */
  async function ownPaths(tx: EntityManager, prompts: Delivery[], now: Date): Promise<Partial<Delivery>[]> {
    const letterPrompt = prompts.find(
      (d) => d.recipientId === world.mentee.id && d.dedupeKey.includes(`:${letterWeek()}.0:`),
    )!;
    await running.app.get(LettersRepository).upsert(
      {
        participantId: world.mentee.id,
        pairingId: world.pairing.id,
        pairingPromptId: String(letterPrompt.payload!.pairingPromptId),
        text: 'Dear future me,\n\nKeep going.',
        writtenAt: now,
      },
      tx,
    );
    const letter = (await tx.query(`SELECT id FROM letters WHERE participant_id = $1`, [
      world.mentee.id,
    ])) as { id: string }[];
    const toMember = (m: Participant) => ({
      pairingId: world.pairing.id,
      recipientId: m.id,
      toAddress: m.email,
    });
    return [
      {
        ...toMember(world.mentee),
        dedupeKey: 'links:letter',
        kind: 'prompt',
        payload: { type: 'letter', letterId: letter[0].id },
      },
      ...[world.mentor, world.mentee].map((m) => ({
        ...toMember(m),
        dedupeKey: `links:digest:${m.id}`,
        kind: 'digest' as const,
      })),
      ...COMMANDS.map((command) => ({
        ...toMember(world.mentee),
        dedupeKey: `links:command:${command}`,
        kind: 'prompt' as const,
        payload: { type: 'command', command },
      })),
    ];
  }

  /** Any other catalog template (notices, and whatever is added later) with the real member's props. */
  function notices(): Partial<Delivery>[] {
    const relay = world.pairing.relayAddress;
    const member = {
      lang: 'en',
      programmeName: world.programme.name,
      recipientName: world.mentee.name,
      role: world.mentee.role,
      partnerName: world.mentor.name,
      ...replyControls(relay),
    };
    return TEMPLATE_NAMES.filter((name) => !OWN_PATHS.includes(name)).map((name) => {
      const sample = SAMPLE_PROPS[name] as object;
      const props =
        'role' in sample ? { ...sample, ...member } : { ...sample, programmeName: member.programmeName };
      const payload: NoticePayload = {
        reason: 'link_check',
        relayAddress: relay,
        input: { name, props } as TemplateInput,
      };
      return {
        dedupeKey: `links:notice:${name}`,
        kind: 'notice',
        pairingId: world.pairing.id,
        recipientId: world.mentee.id,
        toAddress: world.mentee.email,
        payload: payload as never,
      };
    });
  }

  function letterWeek(): number {
    return PROMPT_LIBRARY.findIndex((p) => p.key === 'letter-to-future-self') + 1;
  }

  it('sends every template, and each link to PUBLIC_URL answers a GET with 200', async () => {
    const now = new Date();
    const outbox = running.app.get(OutboxService);
    const deliveries = await running.app.get(Transactor).run(async (tx) => {
      const prompts = await issuePrompts(tx, now);
      const others = await outbox.queueMany(tx, [...(await ownPaths(tx, prompts, now)), ...notices()]);
      return [...prompts, ...others];
    });
    await outbox.enqueue(deliveries);

    const repo = running.app.get(DataSource).getRepository(Delivery);
    const ids = deliveries.map((d) => d.id);
    const done = await waitFor(
      async () => {
        const rows = await repo.findBy(ids.map((id) => ({ id })));
        return rows.every((r) => r.status !== 'queued' && r.status !== 'sending') && rows;
      },
      180_000,
      250,
    );
    expect(
      done.filter((r) => r.status !== 'sent').map((r) => `${r.dedupeKey}: ${r.status} ${r.reason}`),
    ).toEqual([]);

    // Every template there is went out: the catalog's and each library prompt's.
    const sentTemplates = new Set(done.map((r) => r.templateName));
    const expected = [
      ...running.app.get(RenderingService).templateNames,
      ...TEMPLATE_NAMES,
      ...PROMPT_LIBRARY.map((p) => libraryPromptTemplate(p.key)),
    ];
    expect(expected.filter((name) => !sentTemplates.has(name))).toEqual([]);

    const emails = await readOutbox(env.outboxDir);
    expect(emails.length).toBe(deliveries.length);
    const ours = new Set<string>();
    for (const email of emails) {
      // By host, whatever the scheme: a link to our server with the wrong scheme is a dead link too.
      for (const link of linksOf(email.parsed)) if (hostOf(link) === new URL(publicUrl).host) ours.add(link);
    }
    // Prompts and digests carry unsubscribe links; the moodboard prompt its picture.
    const paths = [...ours].map((l) => new URL(l).pathname);
    expect(paths.some((p) => p.startsWith('/u/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/static/'))).toBe(true);

    // What a mail client does with a link: GET it, following redirects.
    const failures: string[] = [];
    for (const link of ours) {
      try {
        const res = await fetch(link, { redirect: 'follow' });
        if (res.status !== 200) failures.push(`${res.status} ${link}`);
        await res.arrayBuffer();
      } catch (e) {
        failures.push(`${(e as Error).message} ${link}`);
      }
    }
    expect(failures).toEqual([]);

    // Link scanners GET every link: none of those GETs unsubscribed anybody.
    const stopped = (await running.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM participants WHERE prompts_stopped_at IS NOT NULL`)) as {
      n: number;
    }[];
    expect(stopped[0].n).toBe(0);
  });

  it('serves email images to other origins, and nothing but the files under templates/static', async () => {
    const image = await fetch(`${publicUrl}/static/prompts/goals-moodboard.png`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    // Webmail shows the image from its own origin: helmet's same-origin default would blank it.
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    for (const path of ['/static/prompts/', '/static/%2e%2e/package.json', '/static/../README.md']) {
      const res = await fetch(`${publicUrl}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      await res.arrayBuffer();
    }
  });
});
