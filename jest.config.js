// Four projects: unit (pure, no IO), integration (one service or library against real PostgreSQL and
// Kafka), e2e (the services as separate processes) and chaos (the same under faults, on a broker and a PostgreSQL
// of its own, which it starts: no global setup). Tests run as ESM because NestJS 12 is ESM-only.
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@replenish/(domain|contracts|messaging|service-kit)$': '<rootDir>/libs/$1/src/index.ts',
    '^@replenish/(sales-orders|inventory|planning)$': '<rootDir>/apps/$1/src/index.ts',
    '^@replenish/test-infra$': '<rootDir>/tools/test-infra/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  testEnvironment: 'node',
};

export default {
  // jest 30 reads testTimeout only at the top level; integration and e2e tests wait on real brokers.
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps,tools}/*/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,apps,tools}/*/test/**/*.spec.ts'],
      globalSetup: '<rootDir>/tools/test-infra/global-setup.js',
      globalTeardown: '<rootDir>/tools/test-infra/global-teardown.js',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/tools/test-infra/global-setup.js',
      globalTeardown: '<rootDir>/tools/test-infra/global-teardown.js',
    },
    { ...shared, displayName: 'chaos', testMatch: ['<rootDir>/chaos/**/*.spec.ts'] },
    {
      // The planner console in headless chromium against the services as processes (apps/console/browser).
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/apps/console/browser/**/*.spec.ts'],
      globalSetup: '<rootDir>/apps/console/browser/global-setup.js',
      globalTeardown: '<rootDir>/apps/console/browser/global-teardown.js',
    },
  ],
};
