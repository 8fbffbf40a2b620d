import { sendEveryKind } from '../test/support/every-kind';
import { sendEveryTemplate, signedMailSettings } from '../test/support/every-template';
import { SPAM_LIMIT, scoredRules, spamAssassin } from '../test/support/spamassassin';
import { benchWorld } from './support';

/**
 * SpamAssassin's score (local rules only, no network) of every template and of one email of each
 * kind as the service sends them, DKIM-signed, with the rules that fired, highest first. The tests
 * hold each under 2.0 (test/outbound/spamassassin*.test.ts).
 */
export async function runSpamBench(): Promise<void> {
  const world = await benchWorld(signedMailSettings());
  try {
    // Kinds first: sendEveryKind reads back every sent row there is at that point.
    const kinds = await sendEveryKind(world.outboxDir, world.running);
    const sendStarted = Date.now();
    const templates = await sendEveryTemplate(world.outboxDir, world.running);
    const sendSeconds = (Date.now() - sendStarted) / 1000;
    const rows = [
      ...templates.map((t) => ({
        label: t.reader === 'staff' ? t.template : `${t.template} (${t.reader})`,
        raw: t.raw,
      })),
      ...kinds.map((k) => ({ label: `kind:${k.kind}`, raw: k.raw })),
    ];
    const started = Date.now();
    const verdicts = await spamAssassin(rows.map((r) => r.raw));
    const seconds = (Date.now() - started) / 1000;
    const width = Math.max(...rows.map((r) => r.label.length));
    console.log(`score  ${'email'.padEnd(width)}  top rules (points)`);
    for (const [i, row] of rows.entries())
      console.log(
        `${verdicts[i].score.toFixed(1).padStart(5)}  ${row.label.padEnd(width)}  ${scoredRules(verdicts[i], 4)}`,
      );
    const max = (from: number, to: number) => {
      const scores = verdicts.slice(from, to).map((v) => v.score);
      const top = Math.max(...scores);
      return `max ${top.toFixed(1)} (${scores.filter((s) => s === top).length} at it)`;
    };
    console.log(
      `\n${new Set(templates.map((t) => t.template)).size} templates (${templates.length} emails): ${max(0, templates.length)}; ` +
        `${kinds.length} emails of every kind: ${max(templates.length, rows.length)}; limit ${SPAM_LIMIT.toFixed(1)}`,
    );
    console.log(
      `sending the templates through the outbox ${sendSeconds.toFixed(1)} s; ` +
        `one SpamAssassin run over all ${rows.length} emails ${seconds.toFixed(1)} s`,
    );
  } finally {
    await world.destroy();
  }
}
