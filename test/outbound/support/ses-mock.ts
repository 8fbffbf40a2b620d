import {
  SendRawEmailCommand,
  SESClient,
  SESServiceException,
  type SendRawEmailCommandInput,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';

export interface SesCall {
  at: number;
  destination: string;
  /** Our Message-ID, from the raw MIME handed to SES. */
  messageId: string;
  raw: string;
  outcome: 'sent' | string;
}

export function sesError(name: string, message: string, status = 400): SESServiceException {
  return new SESServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

/**
 * aws-sdk-client-mock on every SESClient (the app creates its own): each SendRawEmail call is
 * recorded, and `decide` may throw to simulate an SES error for that call.
 */
export function mockSes(decide: (call: Omit<SesCall, 'outcome'>, n: number) => Error | undefined) {
  const mock = mockClient(SESClient);
  const calls: SesCall[] = [];
  let n = 0;
  mock.on(SendRawEmailCommand).callsFake((input: SendRawEmailCommandInput) => {
    const raw = Buffer.from(input.RawMessage!.Data!).toString('utf8');
    const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? '';
    const call = { at: Date.now(), destination: input.Destinations![0], messageId, raw };
    const error = decide(call, n++);
    calls.push({ ...call, outcome: error ? error.name : 'sent' });
    if (error) throw error;
    return { MessageId: `ses-${n}-${messageId.slice(0, 8)}` };
  });
  return { mock, calls };
}

/** Most calls that fell inside any one-second span. */
export function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
