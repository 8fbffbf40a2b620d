import { deskAddress, joinAddress, parseDeskAddress } from './desk-address';

describe('desk addresses', () => {
  it('reads a join address and a desk address of our domain, in any case', () => {
    expect(parseDeskAddress('Join-Tech-Mentors@Relay.Example', 'relay.example')).toEqual({
      kind: 'join',
      slug: 'tech-mentors',
    });
    expect(parseDeskAddress(deskAddress('abc234', 'relay.example'), 'relay.example')).toEqual({
      kind: 'desk',
      key: 'abc234',
    });
    expect(parseDeskAddress(joinAddress('Pilot', 'RELAY.example'), 'relay.example')).toEqual({
      kind: 'join',
      slug: 'pilot',
    });
  });

  it('refuses other domains, other prefixes and empty keys', () => {
    expect(parseDeskAddress('join-pilot@elsewhere.example', 'relay.example')).toBeNull();
    expect(parseDeskAddress('join-pilot@relay.example.evil', 'relay.example')).toBeNull();
    expect(parseDeskAddress('pilot-abc@relay.example', 'relay.example')).toBeNull();
    expect(parseDeskAddress('desk-@relay.example', 'relay.example')).toBeNull();
  });
});
