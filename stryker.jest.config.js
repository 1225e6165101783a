// Stryker runs the unit tests beside the code (pure rules, no servers): the unit project of jest.config.js,
// without the tests that solve with HiGHS (seconds each, run for every mutant they cover: the planner's
// optimiser is not mutated, see stryker.config.json) and without tests/ (the seeded-county agreement test).
const { projects } = require('./jest.config.js');
const unit = projects.find((p) => p.displayName === 'unit');
module.exports = {
  ...unit,
  displayName: undefined,
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', 'planning/domain/(planner|planning-session|baselines|highs-solver)\\.spec\\.ts$'],
  testTimeout: 60000,
};
