import {
  GetSendQuotaCommand,
  SendRawEmailCommand,
  SESClient,
  SESServiceException,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { buildMime } from '../mime/build-mime';
import { createSesClient, readMaxSendRate, sesTags, SesTransport, sesWireMessageId } from './ses.transport';
import { HandOverRefused, type RawOutgoingEmail } from './mail-transport';
import { TransportError } from './transport-error';

const sesMock = mockClient(SESClient);
// The outbox records the hand-over; here it is always granted.
const handedOver = () => Promise.resolve(true);

async function outgoing(tags?: Record<string, string>): Promise<RawOutgoingEmail> {
  const raw = await buildMime({
    from: { name: 'Ann via Bright Futures', address: 'm-ann@relay.localhost' },
    to: 'bob@example.com',
    subject: 'Hello',
    messageId: 'ours-1@relay.localhost',
    text: 'Hi Bob',
  });
  return {
    from: 'bounces@relay.localhost',
    to: 'bob@example.com',
    raw,
    messageId: 'ours-1@relay.localhost',
    tags,
  };
}

function client(region = 'eu-west-1'): SESClient {
  return new SESClient({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

beforeEach(() => sesMock.reset());

describe('SesTransport', () => {
  it('hands SES the raw MIME for exactly one destination', async () => {
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: '0102018e-abc' });
    const transport = new SesTransport({ client: client(), configurationSet: 'relay-stream' });

    const result = await transport.send(await outgoing(), handedOver);

    expect(result).toEqual({
      transportId: '0102018e-abc',
      providerMessageId: '0102018e-abc@eu-west-1.amazonses.com',
    });
    const calls = sesMock.commandCalls(SendRawEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input.Destinations).toEqual(['bob@example.com']);
    expect(input.Source).toBe('bounces@relay.localhost');
    expect(input.ConfigurationSetName).toBe('relay-stream');
    expect(input.Tags).toBeUndefined();
    const parsed = await simpleParser(Buffer.from(input.RawMessage!.Data!));
    expect(parsed.messageId).toBe('<ours-1@relay.localhost>');
    expect(parsed.subject).toBe('Hello');
    expect(parsed.text?.trimEnd()).toBe('Hi Bob');
  });

  it('sends nothing when the hand-over, asked before the request, is refused', async () => {
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'never' });
    const sent = new SesTransport({ client: client() }).send(await outgoing(), () => Promise.resolve(false));
    await expect(sent).rejects.toBeInstanceOf(HandOverRefused);
    expect(sesMock.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('waits for the pace before the hand-over, and calls SES only after both', async () => {
    const steps: string[] = [];
    sesMock.on(SendRawEmailCommand).callsFake(() => {
      steps.push('call');
      return { MessageId: 'paced' };
    });
    let admit!: () => void;
    const pace = () => {
      steps.push('pace');
      return new Promise<void>((resolve) => (admit = resolve));
    };
    const sending = new SesTransport({ client: client(), pace }).send(await outgoing(), () => {
      steps.push('hand-over');
      return Promise.resolve(true);
    });
    await new Promise(setImmediate);
    expect(steps).toEqual(['pace']);
    admit();
    await sending;
    expect(steps).toEqual(['pace', 'hand-over', 'call']);
  });

  it('uses email.amazonses.com for us-east-1', async () => {
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'm1' });
    const result = await new SesTransport({ client: client('us-east-1') }).send(await outgoing(), handedOver);
    expect(result.providerMessageId).toBe('m1@email.amazonses.com');
  });

  it('merges and sanitises tags', async () => {
    sesMock.on(SendRawEmailCommand).resolves({ MessageId: 'm2' });
    const transport = new SesTransport({ client: client(), tags: { stream: 'relay', kind: 'x' } });
    await transport.send(await outgoing({ kind: 'prompt: week 1', 'outbound id': 'a1b2.c3' }), handedOver);
    expect(sesMock.commandCalls(SendRawEmailCommand)[0].args[0].input.Tags).toEqual([
      { Name: 'stream', Value: 'relay' },
      { Name: 'kind', Value: 'prompt__week_1' },
      { Name: 'outbound_id', Value: 'a1b2_c3' },
    ]);
  });

  it('maps SES errors through the classifier', async () => {
    sesMock.on(SendRawEmailCommand).rejects(
      new SESServiceException({
        name: 'Throttling',
        message: 'Daily message quota exceeded.',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await new SesTransport({ client: client() })
      .send(await outgoing(), handedOver)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'pause', reason: expect.stringContaining('Daily message quota') });
  });

  it('refuses to guess when SES returns no MessageId', async () => {
    sesMock.on(SendRawEmailCommand).resolves({});
    await expect(
      new SesTransport({ client: client() }).send(await outgoing(), handedOver),
    ).rejects.toMatchObject({
      kind: 'permanent',
    });
  });
});

describe('sesTags', () => {
  it('truncates to 256 characters and drops empty names', () => {
    expect(sesTags({ ['n'.repeat(300)]: 'v'.repeat(300), '': 'x', k: '' })).toEqual([
      { Name: 'n'.repeat(256), Value: 'v'.repeat(256) },
      { Name: 'k', Value: '_' },
    ]);
  });
});

describe('sesWireMessageId', () => {
  it('names the region host outside us-east-1', () => {
    expect(sesWireMessageId('abc', 'ap-southeast-2')).toBe('abc@ap-southeast-2.amazonses.com');
  });
});

describe('readMaxSendRate', () => {
  it('reads MaxSendRate from GetSendQuota', async () => {
    sesMock.on(GetSendQuotaCommand).resolves({ MaxSendRate: 14, Max24HourSend: 50000, SentLast24Hours: 3 });
    await expect(readMaxSendRate(client())).resolves.toBe(14);
  });

  it('fails loudly on a missing rate rather than running unthrottled', async () => {
    sesMock.on(GetSendQuotaCommand).resolves({});
    await expect(readMaxSendRate(client())).rejects.toThrow(/MaxSendRate/);
  });
});

describe('createSesClient', () => {
  it('makes one attempt per send unless told otherwise: an SDK retry of a timed-out request could send a second copy', async () => {
    await expect(createSesClient({ region: 'eu-west-1' }).config.maxAttempts()).resolves.toBe(1);
    await expect(createSesClient({ region: 'eu-west-1', maxAttempts: 3 }).config.maxAttempts()).resolves.toBe(
      3,
    );
    await expect(createSesClient({ region: 'eu-central-1' }).config.region()).resolves.toBe('eu-central-1');
  });
});
