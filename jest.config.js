const swc = require('./scripts/swc-options.cjs');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/bench'],
  // The benchmarks' baselines, installed on demand by npm run bench, hold no tests of ours.
  modulePathIgnorePatterns: ['<rootDir>/bench/baselines/node_modules'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@ledger/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@ledger/([^/]+)/(.+)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  maxWorkers: 2,
};
