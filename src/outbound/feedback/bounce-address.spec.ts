import { randomUUID } from 'node:crypto';
import { bounceAddress, bounceTokenMatches, parseBounceAddress } from './bounce-address';

describe('per-delivery return paths', () => {
  const delivery = { id: randomUUID(), bounceToken: '0123456789abcdef0123' };

  it('round-trips the delivery id and token, case-insensitively, within 64 octets of local part', () => {
    const address = bounceAddress(delivery, 'relay.example');
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(parseBounceAddress(address, 'relay.example')).toEqual({
      deliveryId: delivery.id,
      token: delivery.bounceToken,
    });
    expect(parseBounceAddress(address.toUpperCase(), 'RELAY.example')).toEqual({
      deliveryId: delivery.id,
      token: delivery.bounceToken,
    });
  });

  it.each([
    ['another domain', `bounce-${'a'.repeat(32)}-${'b'.repeat(20)}@elsewhere.example`],
    ['a relay address', 'bright-k3x9q2@relay.example'],
    ['a short id', `bounce-${'a'.repeat(31)}-${'b'.repeat(20)}@relay.example`],
    ['no token', `bounce-${'a'.repeat(32)}@relay.example`],
    ['a token that is not hex', `bounce-${'a'.repeat(32)}-${'z'.repeat(20)}@relay.example`],
  ])('reads nothing from %s', (_, address) => {
    expect(parseBounceAddress(address, 'relay.example')).toBeNull();
  });

  it('leaves a relay address of a programme called "Bounce" alone', () => {
    expect(parseBounceAddress('bounce-k3x9q2abcdefa7b2c4d5e@relay.example', 'relay.example')).toBeNull();
  });

  it('matches a token only exactly', () => {
    expect(bounceTokenMatches('abc123', 'abc123')).toBe(true);
    expect(bounceTokenMatches('abc124', 'abc123')).toBe(false);
    expect(bounceTokenMatches('abc12', 'abc123')).toBe(false);
  });
});
