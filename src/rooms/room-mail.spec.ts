import { roomCallUid } from './room-mail';

describe('roomCallUid', () => {
  it('is one stable UID per call that names no id and needs the secret', () => {
    const id = '0b9f6c1e-2222-4333-8444-955566667777';
    const uid = roomCallUid(id, 'secret-a', 'relay.example');
    expect(roomCallUid(id, 'secret-a', 'relay.example')).toBe(uid);
    expect(uid).toMatch(/^room-call-[0-9a-f]{32}@relay\.example$/);
    expect(uid).not.toContain(id);
    expect(roomCallUid(id, 'secret-b', 'relay.example')).not.toBe(uid);
    expect(roomCallUid('0b9f6c1e-2222-4333-8444-955566667778', 'secret-a', 'relay.example')).not.toBe(uid);
  });
});
