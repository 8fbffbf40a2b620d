import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { In } from 'typeorm';
import { DataSource } from 'typeorm';
import { TemplatePreviewService } from '../../src/admin/services/template-preview.service';
import type { RunningApp } from '../../src/bootstrap';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { findPrompt } from '../../src/prompts/library/prompt-library';
import { PromptSendNowService } from '../../src/prompts/send-now/prompt-send-now.service';
import { CONTENT_FOLDERS, libraryPromptKey, type TemplateName } from '../../src/rendering/template-catalog';
import { RenderingService } from '../../src/rendering/rendering.service';
import { resolveTemplatesDir } from '../../src/rendering/templates-dir';
import { createPairingWorld } from '../factories/pairing.factory';
import { waitFor } from './wait-for';

export interface TemplateEmail {
  template: TemplateName;
  /** Whom this copy was written for: a prompt's words differ by role, so each role is a copy. */
  reader: 'mentor' | 'mentee' | 'staff';
  /** Its file under templates/, e.g. "prompts/woop.mjml". */
  file: string;
  subject: string;
  /** The bytes as the transport handed them over (the file outbox), DKIM signature included. */
  raw: Buffer;
}

/** Settings for an app whose mail is signed and links point at a public URL, as in production. */
export function signedMailSettings(): Record<string, string> {
  return {
    RELAY_DOMAIN: 'relay.mentormail.test',
    PUBLIC_URL: 'https://mentormail.example',
    DKIM_SELECTOR: 'mm1',
    DKIM_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  };
}

/**
 * Every file that is an email of its own, read from disk (not from the catalog), so a template
 * added without a way to send it shows up as missing. layouts/ and partials/ are building blocks.
 */
export function standaloneTemplateFiles(templatesDir = resolveTemplatesDir()): string[] {
  return CONTENT_FOLDERS.flatMap((folder) =>
    readdirSync(join(templatesDir, folder))
      .filter((entry) => entry.endsWith('.mjml'))
      .map((entry) => `${folder}/${entry}`),
  ).sort();
}

/**
 * Every template as an email, sent through the real outbox (compose, MIME, DKIM, file transport):
 * a library prompt as the schedule sends it (the prompt's own composer, from the relay address,
 * list headers and all) to both roles, a pair's mentor and mentee or a circle's lead and member;
 * every other template as the admin's "send a test" sends it, a notice filled with its sample
 * props (sample-props.ts). `running` writes to `outboxDir` with the file transport.
 */
export async function sendEveryTemplate(outboxDir: string, running: RunningApp): Promise<TemplateEmail[]> {
  const app = running.app;
  const rendering = app.get(RenderingService);
  const outbox = app.get(OutboxService);
  const pair = await createPairingWorld(app);
  const circle = await smallCircle(running, pair.programme);
  const chosen: { template: TemplateName; reader: TemplateEmail['reader']; deliveryId: string }[] = [];
  for (const template of rendering.templateNames) {
    const key = libraryPromptKey(template);
    if (key === undefined) {
      const id = await app.get(TemplatePreviewService).sendTest(template, 'coordinator@northside.example');
      chosen.push({ template, reader: 'staff', deliveryId: id });
      continue;
    }
    const to = findPrompt(key)?.theme === 'circle' ? circle : pair;
    const { deliveries } = await app.get(PromptSendNowService).send(to.pairing.relayAddress, key);
    for (const reader of [to.mentor, to.mentee]) {
      const copy = deliveries.find((d) => d.recipientId === reader.id);
      if (!copy) throw new Error(`${template}: no copy for ${reader.name}`);
      chosen.push({ template, reader: reader.role as 'mentor' | 'mentee', deliveryId: copy.id });
    }
  }
  // A running worker may claim a row first: then it sends it, and this send does nothing.
  for (const { deliveryId } of chosen) await outbox.send(deliveryId);
  const rows = await sentRows(
    app.get(DataSource),
    chosen.map((c) => c.deliveryId),
  );
  return Promise.all(
    chosen.map(async ({ template, reader, deliveryId }) => {
      const row = rows.get(deliveryId)!;
      if (row.templateName !== template) throw new Error(`${template} went out as ${row.templateName}`);
      const raw = await readFile(join(outboxDir, row.transportId!));
      const subject = /^Subject: (.*)$/m.exec(raw.toString('latin1'))?.[1] ?? '';
      return { template, reader, file: rendering.fileOf(template), subject, raw };
    }),
  );
}

/** The rows once each is sent; a row that ends any other way fails with its reason. */
async function sentRows(db: DataSource, ids: string[]): Promise<Map<string, Delivery>> {
  const rows = await waitFor(async () => {
    const found = await db.getRepository(Delivery).findBy({ id: In(ids) });
    return found.every((d) => !['queued', 'sending'].includes(d.status)) ? found : null;
  }, 60_000);
  const unsent = rows.filter((d) => d.status !== 'sent');
  if (unsent.length)
    throw new Error(`not sent: ${unsent.map((d) => `${d.templateName} ${d.status} ${d.reason}`).join('; ')}`);
  return new Map(rows.map((d) => [d.id, d]));
}

/** The smallest circle, one lead and one member. */
async function smallCircle(running: RunningApp, programme: Parameters<ProgramsService['createCircle']>[0]) {
  const programs = running.app.get(ProgramsService);
  const tag = randomBytes(3).toString('hex');
  const person = (name: string, role: 'mentor' | 'mentee'): Promise<Participant> =>
    programs.addParticipant(programme.id, {
      name,
      email: `${name.split(' ')[0].toLowerCase()}.${tag}@home-mail.example`,
      role,
      timeZone: 'Europe/London',
    });
  const mentor = await person('Jordan Lead', 'mentor');
  const mentee = await person('Priya Member', 'mentee');
  const pairing = await programs.createCircle(programme, 'Career changers', [mentor], [mentee]);
  return { pairing, mentor, mentee };
}
