import { queueNamespace } from './queue-namespace';

describe('queueNamespace', () => {
  it('puts the deployment id after the configured prefix, keeping a leading hash tag first', () => {
    expect(queueNamespace('{mm}', '0a1b2c3d4e5f')).toBe('{mm}:0a1b2c3d4e5f');
  });

  it('gives two deployments on the same prefix different namespaces', () => {
    expect(queueNamespace('mentormail', 'aaaaaaaaaaaa')).not.toBe(queueNamespace('mentormail', 'bbbbbbbbbbbb'));
  });
});
