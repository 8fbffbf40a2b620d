/**
 * A worker-only app in its own process, for the crash test: SES (mocked) accepts the first
 * SEND_OK emails and then never answers, so the parent can SIGKILL this process mid-send.
 * Every call is logged to SEND_LOG before it is answered.
 */
import { SendRawEmailCommand, SESClient, type SendRawEmailCommandInput } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { appendFileSync } from 'node:fs';
import { startApp } from '../../../src/bootstrap';
import { AppConfig } from '../../../src/config/app-config';

const log = process.env.SEND_LOG!;
const ok = Number(process.env.SEND_OK ?? '3');
let n = 0;

mockClient(SESClient)
  .on(SendRawEmailCommand)
  .callsFake((input: SendRawEmailCommandInput) => {
    const raw = Buffer.from(input.RawMessage!.Data!).toString('utf8');
    const id = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? '?';
    n++;
    if (n <= ok) {
      appendFileSync(log, `sent ${id}\n`);
      return Promise.resolve({ MessageId: `child-${n}` });
    }
    appendFileSync(log, `hang ${id}\n`);
    return new Promise(() => undefined);
  });

startApp(AppConfig.fromEnvironment(process.env)).then(
  () => appendFileSync(log, 'ready\n'),
  (error: Error) => {
    appendFileSync(log, `boot failed ${error.message}\n`);
    process.exit(1);
  },
);
