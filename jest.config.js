// Two projects: unit tests need nothing running; integration and end-to-end
// tests share one Apache Cassandra node that the global setup provides.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/{packages,gateway,subgraphs,scripts}/**/*.test.ts',
      ],
      // Tests that start a real Cassandra node belong with the integration
      // tests, whatever package they live in.
      testPathIgnorePatterns: ['/node_modules/', '-real\\.test\\.ts$'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/tests/**/*.test.ts',
        '<rootDir>/packages/**/*-real.test.ts',
      ],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
  testTimeout: 60_000,
};
