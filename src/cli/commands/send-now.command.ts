import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { DigestSendNowService } from '../../digests/digest-send-now.service';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxRepository } from '../../outbound/outbox.repository';
import { OutboxService } from '../../outbound/outbox.service';
import { PromptSendNowService } from '../../prompts/send-now/prompt-send-now.service';

/**
 * Sends the deliveries in this process, through the outbox's own send (claim, compose, transport),
 * instead of waiting for a worker; a running worker that claims one first sends it instead. A
 * send that fails for now stays queued, and a worker's recovery sweep retries it.
 */
async function sendNow(app: INestApplicationContext, ids: string[]): Promise<string[]> {
  const outbox = app.get(OutboxService);
  const rows = app.get(OutboxRepository);
  const { MAIL_TRANSPORT, OUTBOX_DIR } = app.get(AppConfig).env;
  const lines: string[] = [];
  for (const id of ids) {
    const failure = await outbox.send(id).then(
      () => null,
      (error: Error) => error.message,
    );
    const d = (await rows.findById(id)) as Delivery;
    const where =
      d.status === 'sent' && MAIL_TRANSPORT === 'file' && d.transportId
        ? ` (${OUTBOX_DIR}/${d.transportId})`
        : '';
    const why = d.reason ? `: ${d.reason}` : failure ? `: ${failure}; a running worker retries it` : '';
    lines.push(`  ${d.kind} to ${d.toAddress}: ${d.status}${why}${where}`);
  }
  return lines;
}

export async function promptSendNow(
  app: INestApplicationContext,
  relayAddress: string,
  promptKey: string,
): Promise<string[]> {
  const { found, step, deliveries } = await app.get(PromptSendNowService).send(relayAddress, promptKey);
  const head = `Prompt "${promptKey}" (week ${step.week}, item ${step.item + 1}) to ${found.pairing.relayAddress}:`;
  if (deliveries.length === 0) return [head, '  already sent to every member before; nothing is sent twice.'];
  return [
    head,
    ...(await sendNow(
      app,
      deliveries.map((d) => d.id),
    )),
  ];
}

export async function digestSendNow(app: INestApplicationContext, email: string): Promise<string[]> {
  const ids = await app.get(DigestSendNowService).send(email);
  const lines = await sendNow(app, ids);
  const note = lines.some((l) => l.endsWith('skipped: empty'))
    ? ['  (a digest with nothing to report is skipped: send a prompt first with prompt:send)']
    : [];
  return [`Digest for ${email}:`, ...lines, ...note];
}
