// Jest globalTeardown of the "browser" project: stops what tools/test-infra started (chromium stays installed).
export { default } from '../../../tools/test-infra/global-teardown.js';
