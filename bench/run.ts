// `npm run bench`: every performance figure the issues name, measured in one run on this machine.
import 'reflect-metadata';
import { runChoiceBench } from './choice';
import { runCliStartBench } from './cli-start';
import { runCircleFanoutBench } from './circle-fanout';
import { benchRendering } from './rendering';
import { runInboundBench } from './inbound';
import { runMatchingBench } from './matching';
import { runMetricsBench } from './metrics';
import { runOutboundBench } from './outbound';
import { runRelayLatencyBench } from './relay-latency';
import { runAdminBench } from './admin';
import { runScheduleBench } from './schedule';
import { runSpamBench } from './spam';
import { runStallFuzz } from './stall-fuzz';
import { runWebhookBench } from './webhook';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want('inbound')) {
    console.log('\n== inbound pipeline');
    await runInboundBench();
  }
  if (want('latency')) {
    console.log('\n== relay latency at a steady 100 emails/s over SMTP, every role in one process');
    await runRelayLatencyBench();
  }
  if (want('fanout')) {
    console.log('\n== topic-room fan-out over SMTP: one email to 50 members, then a stream into ten rooms');
    await runCircleFanoutBench();
  }
  if (want('webhook')) {
    console.log('\n== SES webhook acknowledgement latency');
    await runWebhookBench();
  }
  if (want('outbound')) {
    console.log('\n== outbound: MIME build plus transport, beside MailComposer alone');
    await runOutboundBench();
  }
  if (want('schedule')) {
    console.log('\n== digest fan-out and build rate');
    await runScheduleBench();
  }
  if (want('admin')) {
    console.log('\n== admin pages (1,000 pairings, 50,000 messages)');
    await runAdminBench();
  }
  if (want('stall')) {
    console.log('\n== longest event-loop stall per email (parse + reply extraction), goal < 100 ms');
    await runStallFuzz();
  }
  if (want('cli')) {
    console.log('\n== CLI start (npm run cli): cold and warm, beside ts-node, and a database command');
    await runCliStartBench();
  }
  if (want('metrics')) {
    console.log('\n== /metrics scrape on a database with history');
    await runMetricsBench();
  }
  if (want('matching')) {
    console.log('\n== matching: 5,000 mentees x 1,500 mentors, optimal beside greedy (goal <= 10 s, <= 1 GiB)');
    await runMatchingBench();
  }
  if (want('choice')) {
    console.log('\n== mentee choice: the first suggestions tick, 2,000 mentees x 600 mentors');
    await runChoiceBench();
  }
  if (want('spam')) {
    console.log('\n== SpamAssassin: every template and each kind of email as sent (local rules only; goal < 2.0)');
    await runSpamBench();
  }
  if (want('rendering')) {
    console.log('\n== template fill vs mjml2html, and our generated fill vs Handlebars');
    const r = await benchRendering();
    console.log(
      `mjml2html per send: ${r.mjmlMsPerRender.toFixed(2)} ms; compiled fill: ${r.fillUsPerRender.toFixed(1)} us; fill is ${r.ratio.toFixed(0)}x faster (target >= 500x)`,
    );
    const faster = r.handlebarsUsPerFill / r.generatedUsPerFill;
    console.log(
      `subject + HTML + text of the prompt email: Handlebars' compiled template ${r.handlebarsUsPerFill.toFixed(1)} us, our generated fill ${r.generatedUsPerFill.toFixed(1)} us: ours is ${faster >= 1 ? `${faster.toFixed(1)}x faster` : `${(1 / faster).toFixed(1)}x SLOWER`}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
