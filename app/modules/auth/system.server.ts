/*
 * Cross-tenant reads that sign-in needs before any tenant is known. Named and few: nothing else
 * may read users by email across tenants.
 */
import { sql } from "kysely";
import { PREPARED, withSystem, type Db, type Trx } from "../../db.server";

export function findUserForSignIn(db: Db, email: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("users")
      .select(["id", "email", "name", "password_hash", "session_version"])
      .where("email", "=", email.toLowerCase())
      .executeTakeFirst(),
  );
}

/** The signed-in person and their session version, for validating a session cookie. */
export function findSessionUser(db: Db, userId: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("users")
      .select(["id", "email", "name", "session_version"])
      .where("id", "=", userId)
      .modifyEnd(PREPARED)
      .executeTakeFirst(),
  );
}

/** The tenants a person belongs to (active memberships only), for the tenant picker. */
export function listTenantsOfUser(db: Db, userId: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("memberships")
      .innerJoin("tenants", "tenants.id", "memberships.tenant_id")
      .select(["tenants.slug", "tenants.name", "tenants.accent_color", "memberships.role"])
      .where("memberships.user_id", "=", userId)
      .where("memberships.active", "=", true)
      .orderBy("tenants.name")
      .execute(),
  );
}

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/** Seconds until sign-in is allowed again for this account or address, or 0. */
export function signInLockSeconds(db: Db, account: string, address: string) {
  return withSystem(db, (trx) => lockSeconds(trx, account, address));
}

async function lockSeconds(trx: Trx, account: string, address: string) {
  const since = sql<Date>`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const rows = await trx
    .selectFrom("sign_in_attempts")
    .select([
      sql<number>`count(*) filter (where account = ${account})`.as("by_account"),
      sql<number>`count(*) filter (where address = ${address})`.as("by_address"),
      sql<Date | null>`min(at) filter (where account = ${account})`.as("oldest_account"),
      sql<Date | null>`min(at) filter (where address = ${address})`.as("oldest_address"),
    ])
    .where("at", ">", since)
    .where((eb) => eb.or([eb("account", "=", account), eb("address", "=", address)]))
    .executeTakeFirstOrThrow();
  const windowMs = SIGN_IN_WINDOW_MINUTES * 60_000;
  const waits: number[] = [];
  if (Number(rows.by_account) >= MAX_FAILURES_PER_ACCOUNT && rows.oldest_account)
    waits.push(new Date(rows.oldest_account).getTime() + windowMs - Date.now());
  if (Number(rows.by_address) >= MAX_FAILURES_PER_ADDRESS && rows.oldest_address)
    waits.push(new Date(rows.oldest_address).getTime() + windowMs - Date.now());
  return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : 0;
}

/**
 * Counts a sign-in attempt as a failure *before* its password is checked (a success then clears
 * it), or returns the seconds left when the account or address is locked out. The check and the
 * count are one step, serialised per account and per address, so a burst of concurrent guesses
 * cannot all slip past the limit while the slow password hashes run.
 */
export function reserveSignInAttempt(db: Db, account: string, address: string) {
  return withSystem(db, async (trx) => {
    // Both locks, always in the same order, so two attempts never wait on each other in a cycle.
    for (const key of [`account:${account}`, `address:${address}`].sort())
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    const seconds = await lockSeconds(trx, account, address);
    if (seconds === 0)
      await trx.insertInto("sign_in_attempts").values({ account, address }).execute();
    return seconds;
  });
}

export function clearSignInFailures(db: Db, account: string) {
  return withSystem(db, (trx) =>
    trx.deleteFrom("sign_in_attempts").where("account", "=", account).execute(),
  );
}
