/**
 * Jest in ESM mode with swc (see ../shared/reference/toolchain.md). Run through `npm test`.
 * The fault and kill matrices (test/faults) take minutes: only `npm run test:faults` runs them.
 */
const faults = process.env.ADO_GUARD_FAULT_SUITE === '1';

export default {
  testEnvironment: 'node',
  roots: [faults ? '<rootDir>/test/faults' : '<rootDir>/test'],
  testPathIgnorePatterns: faults ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/faults/'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/task/dist', '<rootDir>/.cache'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  testTimeout: 60000,
};
