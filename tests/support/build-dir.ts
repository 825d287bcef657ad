/**
 * Each `npm test` run builds the app into its own folder (several runs may overlap on one machine);
 * the global setup picks it and the test workers inherit it through the environment.
 */
export function testBuildDir() {
  const dir = process.env.COVENANT_TEST_BUILD_DIR;
  if (!dir) throw new Error("COVENANT_TEST_BUILD_DIR is set by tests/support/global-setup.ts");
  return dir;
}
