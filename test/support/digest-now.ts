import type { INestApplicationContext } from '@nestjs/common';
import { Transactor } from '../../src/database/transactor';
import { OutboxService } from '../../src/outbound/outbox.service';
import type { Participant } from '../../src/programs/entities/participant.entity';

/** Queues one digest for `to` about a pairing or circle now, as the weekly fan-out would. */
export async function queueDigestNow(
  app: INestApplicationContext,
  to: Pick<Participant, 'id' | 'email'>,
  pairingId: string,
  key: string,
): Promise<void> {
  const outbox = app.get(OutboxService);
  const deliveries = await app
    .get(Transactor)
    .run((tx) =>
      outbox.queueMany(tx, [
        {
          dedupeKey: `digest:${to.id}:${key}`,
          kind: 'digest',
          pairingId,
          recipientId: to.id,
          toAddress: to.email,
        },
      ]),
    );
  await outbox.enqueue(deliveries);
}
