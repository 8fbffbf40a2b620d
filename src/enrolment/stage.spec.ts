import { enrolmentStage, type StageFacts } from './stage';

const at = new Date('2026-12-01T10:00:00Z');
const base: StageFacts = {
  confirmedAt: null,
  profileCompletedAt: null,
  age: null,
  guardianConsentedAt: null,
};

describe('enrolmentStage', () => {
  const adults = { consentAge: null };
  const youth = { consentAge: 16 };

  it('walks invited, confirmed, ready for an adult programme', () => {
    expect(enrolmentStage(base, adults)).toBe('invited');
    expect(enrolmentStage({ ...base, confirmedAt: at }, adults)).toBe('confirmed');
    expect(enrolmentStage({ ...base, confirmedAt: at, profileCompletedAt: at }, adults)).toBe('ready');
  });

  it('keeps someone under the consent age from ready until their guardian consents', () => {
    const complete = { ...base, confirmedAt: at, profileCompletedAt: at, age: 14 };
    expect(enrolmentStage(complete, youth)).toBe('profile_complete');
    expect(enrolmentStage({ ...complete, guardianConsentedAt: at }, youth)).toBe('ready');
    expect(enrolmentStage({ ...complete, profileCompletedAt: null, guardianConsentedAt: at }, youth)).toBe(
      'consented',
    );
  });

  it('needs no consent at or over the age, and treats an unknown age as under it', () => {
    const complete = { ...base, confirmedAt: at, profileCompletedAt: at };
    expect(enrolmentStage({ ...complete, age: 16 }, youth)).toBe('ready');
    expect(enrolmentStage(complete, youth)).toBe('profile_complete');
  });
});
