export const TEST_BUILD_DIR = "node_modules/.cache/covenant-test-build";
