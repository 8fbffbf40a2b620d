// Two tiers: unit specs sit beside the code; integration and end-to-end tests in test/ run
// against the real PostgreSQL and Redis, each run on a fresh database and Redis key prefix.
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
// The AWS SDK's notice that its releases after January 2027 need Node 22 (the image runs Node 24; see
// the README's Deployment) is known: on this Node 20 machine it printed once per Jest worker into every
// run. The workers inherit this setting, the SDK's own switch; the service keeps the notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
module.exports = {
  // A global option: Jest ignores testTimeout inside a project.
  testTimeout: 60000,
  // Each test file loads the whole app again in its own module registry; a worker whose heap still
  // holds more than this after a file is replaced, so a leak costs a restart instead of the run.
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
  ],
};
