process.env.COVENANT_SECRET ??= "covenant-test-secret-0123456789-abcdefghijklmnop";
process.env.PLATFORM_ADMIN_EMAILS ??= "operator@covenant.test";
