import type { Trx } from "../../db.server";

/**
 * Finds a person by email or creates them. `users` is global (one person, many tenants), so this
 * runs only inside withSystem transactions (tenant creation, accepting an invitation, the seed).
 */
export async function ensureUser(
  trx: Trx,
  input: { email: string; name?: string; passwordHash?: string | null },
) {
  const email = input.email.toLowerCase();
  const existing = await trx
    .selectFrom("users")
    .select(["id", "email", "name", "password_hash"])
    .where("email", "=", email)
    .executeTakeFirst();
  if (existing) return { ...existing, created: false };
  const created = await trx
    .insertInto("users")
    .values({ email, name: input.name ?? "", password_hash: input.passwordHash ?? null })
    .returning(["id", "email", "name", "password_hash"])
    .executeTakeFirstOrThrow();
  return { ...created, created: true };
}
