import { AppConfig } from '../../config/app-config';
import { VoteLinks } from './vote-links';
import { verifyVoteToken } from './vote-token';

const APP_SECRET = 'a-test-secret-of-some-length-000000';
const POLL = {
  id: '6f1c2a4e-1b2c-4d5e-8f90-123456789abc',
  pollOptions: ['On track', 'Needs a tweak', 'Stuck'],
  pollClosesAt: new Date('2026-03-17T12:00:00Z'),
};
const WHO = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const clock = { now: () => new Date('2026-03-10T12:00:00Z') };
const links = (PUBLIC_URL: string) =>
  new VoteLinks(AppConfig.fromEnvironment({ APP_SECRET, PUBLIC_URL, NODE_ENV: 'test' }), clock);

describe('VoteLinks', () => {
  it('puts every link under PUBLIC_URL as configured: scheme, port and path prefix kept', () => {
    for (const [base, root] of [
      ['http://localhost:3000', 'http://localhost:3000/v/'],
      ['http://demo.example:8080/mentormail/', 'http://demo.example:8080/mentormail/v/'],
      ['https://mentormail.example', 'https://mentormail.example/v/'],
    ]) {
      const urls = links(base).forPoll(POLL, WHO)!;
      expect(urls).toHaveLength(3);
      for (const url of urls) expect(url.startsWith(root)).toBe(true);
    }
  });

  it('signs one option each, for this person, until the poll closes', () => {
    const urls = links('http://localhost:3000').forPoll(POLL, WHO)!;
    const claims = urls.map((u) => verifyVoteToken(APP_SECRET, u.slice(u.lastIndexOf('/') + 1)));
    expect(claims).toEqual(
      [0, 1, 2].map((optionIndex) => ({
        pairingPromptId: POLL.id,
        participantId: WHO,
        optionIndex,
        expiresAt: POLL.pollClosesAt,
      })),
    );
  });

  it('makes no links for a prompt that cannot be voted on', () => {
    expect(links('http://localhost:3000').forPoll({ ...POLL, pollOptions: null }, WHO)).toBeUndefined();
    expect(links('http://localhost:3000').forPoll({ ...POLL, pollClosesAt: null }, WHO)).toBeUndefined();
  });
});
