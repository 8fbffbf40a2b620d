import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTransport } from './file.transport';
import { HandOverRefused, type RawOutgoingEmail } from './mail-transport';

const email: RawOutgoingEmail = {
  from: 'bounce-x@relay.localhost',
  to: 'bob@example.com',
  raw: Buffer.from('Subject: Hi\r\n\r\nHello.\r\n'),
  messageId: 'abc@relay.localhost',
};

describe('FileTransport', () => {
  it('writes the email once the hand-over is recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-file-transport-'));
    const result = await new FileTransport(dir).send(email, () => Promise.resolve(true));
    expect(result).toEqual({ transportId: 'abc_relay.localhost.eml' });
    expect(readdirSync(dir)).toEqual(['abc_relay.localhost.eml']);
    expect(readFileSync(join(dir, result.transportId)).equals(email.raw)).toBe(true);
  });

  it('writes nothing, not even its temporary file, when the hand-over is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-file-transport-'));
    const sent = new FileTransport(dir).send(email, () => Promise.resolve(false));
    await expect(sent).rejects.toBeInstanceOf(HandOverRefused);
    expect(readdirSync(dir)).toEqual([]);
  });
});
