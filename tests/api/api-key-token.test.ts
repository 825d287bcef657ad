import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { expect, it } from "vitest";
import {
  formatApiKey,
  newApiKeySecret,
  parseApiKey,
  secretMatches,
  hashSecret,
} from "../../app/modules/api/api-key-token";

it("round-trips tenant id, key id and secret for any ids (base64url may contain '_')", () => {
  fc.assert(
    fc.property(fc.uuid(), fc.uuid(), (tenantId, keyId) => {
      const secret = newApiKeySecret();
      const parsed = parseApiKey(formatApiKey(tenantId, keyId, secret));
      expect(parsed).toEqual({ tenantId, keyId, secret });
    }),
    { numRuns: 500 },
  );
});

it("rejects tokens that are truncated, padded or not ours", () => {
  const token = formatApiKey(randomUUID(), randomUUID(), newApiKeySecret());
  expect(parseApiKey(token.slice(0, -1))).toBeNull();
  expect(parseApiKey(`${token}x`)).toBeNull();
  expect(parseApiKey(token.replace("cov_", "sk_"))).toBeNull();
  expect(parseApiKey("")).toBeNull();
});

it("matches only the secret whose hash is stored", () => {
  const secret = newApiKeySecret();
  expect(secretMatches(secret, hashSecret(secret))).toBe(true);
  expect(secretMatches(newApiKeySecret(), hashSecret(secret))).toBe(false);
});
