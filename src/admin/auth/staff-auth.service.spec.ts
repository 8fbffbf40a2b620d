import type { AppConfig } from '../../config/app-config';
import type { StaffAuthService } from './staff-auth.service';
import type { StaffRepository } from './staff.repository';

const KNOWN = { id: 'staff-1', passwordHash: '$argon2id$known' };

/** A repository with one staff member, every attempt allowed. */
function repository(): StaffRepository {
  return {
    reserveAttempt: () => Promise.resolve({ id: 'attempt' }),
    releaseAttempt: () => Promise.resolve(),
    clearFailures: () => Promise.resolve(),
    insertSession: () => Promise.resolve(),
    findByEmail: (address: string) => Promise.resolve(address === 'known@example.org' ? KNOWN : null),
  } as unknown as StaffRepository;
}

const config = { env: { ADMIN_SESSION_HOURS: 8, ADMIN_SESSION_MAX_HOURS: 24 } } as AppConfig;

describe('StaffAuthService: the same argon2 work for any address', () => {
  let hash: jest.SpyInstance;
  let verify: jest.SpyInstance;
  let Service: typeof StaffAuthService;

  beforeEach(async () => {
    // A fresh registry, the spies set before the service loads: work done at load is counted too.
    await jest.isolateModulesAsync(async () => {
      const { default: argon2 } = await import('argon2');
      hash = jest.spyOn(argon2, 'hash').mockResolvedValue('$argon2id$dummy');
      verify = jest.spyOn(argon2, 'verify').mockResolvedValue(false);
      ({ StaffAuthService: Service } = await import('./staff-auth.service'));
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('hashes nothing until the first login, so a worker or a command never pays for it', () => {
    new Service(repository(), config);
    expect(hash).not.toHaveBeenCalled();
  });

  it('verifies once against the dummy hash for an unknown address, making it once for the process', async () => {
    const auth = new Service(repository(), config);
    expect(await auth.login('nobody@example.org', 'a wrong password', '192.0.2.1')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    await auth.login('other@example.org', 'a wrong password', '192.0.2.1');
    expect(hash).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls).toEqual([
      ['$argon2id$dummy', 'a wrong password'],
      ['$argon2id$dummy', 'a wrong password'],
    ]);
  });

  it('does the same work on a first login to a known address: the dummy hash, then one verification', async () => {
    const auth = new Service(repository(), config);
    await auth.login('known@example.org', 'a wrong password', '192.0.2.1');
    expect(hash).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls).toEqual([[KNOWN.passwordHash, 'a wrong password']]);
  });

  it('makes the dummy hash again at the next login when making it failed', async () => {
    const auth = new Service(repository(), config);
    hash.mockRejectedValueOnce(new Error('out of memory'));
    await expect(auth.login('known@example.org', 'a wrong password', '192.0.2.1')).rejects.toThrow(
      'out of memory',
    );
    expect(await auth.login('known@example.org', 'a wrong password', '192.0.2.1')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(hash).toHaveBeenCalledTimes(2);
  });
});
