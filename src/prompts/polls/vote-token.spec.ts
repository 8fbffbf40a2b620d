import { signUnsubscribeToken } from '../../unsubscribe/unsubscribe-token';
import { signVoteToken, verifyVoteToken, type VoteClaim } from './vote-token';

const SECRET = 'a-test-secret-of-some-length';
const CLAIM: VoteClaim = {
  pairingPromptId: '6f1c2a4e-1b2c-4d5e-8f90-123456789abc',
  participantId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  optionIndex: 2,
  expiresAt: new Date('2026-03-17T12:00:00Z'),
};

describe('vote tokens', () => {
  it('round-trips poll, participant, option and expiry, URL-safe', () => {
    const token = signVoteToken(SECRET, CLAIM);
    expect(token).toMatch(/^[0-9a-f.-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyVoteToken(SECRET, token)).toEqual(CLAIM);
  });

  it('rejects any changed field, another secret, another purpose and junk', () => {
    const token = signVoteToken(SECRET, CLAIM);
    const [poll, who, option, expires, sig] = token.split('.');
    const variants = [
      [poll, who, '1', expires, sig],
      [poll, who, option, String(Number(expires) + 86_400), sig],
      [poll.replace('6f1c', '7f1c'), who, option, expires, sig],
      [poll, who.replace('0a1b', '1a1b'), option, expires, sig],
      [poll, who, `0${option}`, expires, sig],
      [poll.toUpperCase(), who, option, expires, sig],
      [poll, who, option, expires, `${sig}A`],
      [poll, who, option, expires],
      [poll, who, option, expires, sig, sig],
    ].map((p) => p.join('.'));
    for (const v of variants) expect([v, verifyVoteToken(SECRET, v)]).toEqual([v, null]);
    expect(verifyVoteToken('another-secret-entirely', token)).toBeNull();
    // An unsubscribe token's signature never stands for a vote, even over the same text.
    const payload = [poll, who, option, expires].join('.');
    const foreign = signUnsubscribeToken(SECRET, payload).slice(payload.length + 1);
    expect(verifyVoteToken(SECRET, `${payload}.${foreign}`)).toBeNull();
    expect(verifyVoteToken(SECRET, 'nonsense')).toBeNull();
  });
});
