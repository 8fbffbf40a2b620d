import { generateKeyPairSync } from 'node:crypto';
import { sendEveryKind } from '../test/support/every-kind';
import { spamAssassin } from '../test/support/spamassassin';
import { benchWorld } from './support';

/**
 * SpamAssassin's score (local rules only, no network) of one email of each kind as the service
 * sends it, DKIM-signed, with the rules that fired. The test holds each under 2.0.
 */
export async function runSpamBench(): Promise<void> {
  const world = await benchWorld({
    RELAY_DOMAIN: 'relay.mentormail.test',
    PUBLIC_URL: 'https://mentormail.example',
    DKIM_SELECTOR: 'mm1',
    DKIM_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  });
  try {
    const sent = await sendEveryKind(world.outboxDir, world.running);
    console.log('score  kind     subject / rules that fired (points)');
    const verdicts = await spamAssassin(sent.map((s) => s.raw));
    for (const [i, email] of sent.entries()) {
      const verdict = verdicts[i];
      console.log(`${verdict.score.toFixed(1).padStart(5)}  ${email.kind.padEnd(8)} ${email.subject}`);
      const rules = verdict.rules.filter((r) => r.points !== 0);
      console.log(`${' '.repeat(16)}${rules.map((r) => `${r.name} ${r.points}`).join(', ') || '(none)'}`);
    }
  } finally {
    await world.destroy();
  }
}
