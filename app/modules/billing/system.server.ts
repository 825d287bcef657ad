/*
 * Cross-tenant billing lookups: which workspaces use the offline Stripe test server (so
 * `npm start` knows to run one and whom to wire its webhooks to). Named and few; no route calls it.
 */
import { withSystem, type Db } from "../../db.server";

export function tenantsUsingStripeMock(db: Db) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("stripe_settings as s")
      .innerJoin("tenants as t", "t.id", "s.tenant_id")
      .select(["t.id", "t.slug"])
      .where("s.api_mode", "=", "mock")
      .orderBy("t.slug")
      .execute(),
  );
}
