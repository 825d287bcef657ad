import { sql } from "kysely";
import { withSystem, type Db } from "../../app/db.server";
import { hashPassword } from "../../app/modules/auth/passwords.server";
import { inviteUser } from "../../app/modules/users/invite-user.server";
import { createTestTenant, TEST_PASSWORD } from "../support/factories";
import { signedIn, TestBrowser } from "../support/http";
import type { FuzzTenant, Persona } from "./form-targets";

const OPERATOR_EMAIL = "operator@covenant.test";

/** A test tenant with every kind of row, plus a pending invitation whose link the fuzzer knows. */
export async function createFuzzTenant(db: Db): Promise<FuzzTenant> {
  const tenant = await createTestTenant(db);
  const admin = tenant.people.admin;
  const { path } = await inviteUser(
    db,
    {
      ctx: { tenantId: tenant.id, userId: admin.userId },
      actor: { userId: admin.userId, label: "Fuzz" },
      tenant: { slug: tenant.slug, name: tenant.name } as Parameters<
        typeof inviteUser
      >[1]["tenant"],
    },
    { email: `fuzz-invitee@${tenant.slug}.test`, role: "agent", customerId: null },
  );
  return { ...tenant, invitationToken: path.split("/").pop()! };
}

/** The platform operator (PLATFORM_ADMIN_EMAILS in the test environment), with the test password. */
async function ensureOperator(db: Db) {
  const hash = await hashPassword(TEST_PASSWORD);
  await withSystem(db, (trx) =>
    trx
      .insertInto("users")
      .values({ email: OPERATOR_EMAIL, name: "Fuzz operator", password_hash: hash })
      .onConflict((oc) => oc.column("email").doUpdateSet({ password_hash: hash }))
      .execute(),
  );
}

/** Signed-in browsers per persona of one tenant, made on first use and remade after a sign-out. */
export class Personas {
  private browsers = new Map<Persona, TestBrowser>();
  constructor(
    private db: Db,
    readonly tenant: FuzzTenant,
  ) {}

  email(persona: Persona) {
    if (persona === "operator") return OPERATOR_EMAIL;
    if (persona === "anonymous") return null;
    return this.tenant.people[persona].email;
  }

  async browser(persona: Persona) {
    let browser = this.browsers.get(persona);
    if (!browser) {
      const email = this.email(persona);
      if (persona === "operator") await ensureOperator(this.db);
      browser = email ? await signedIn(email, TEST_PASSWORD) : new TestBrowser();
      this.browsers.set(persona, browser);
    }
    return browser;
  }

  /** Drops a browser whose session ended (the next `browser` call signs in again). */
  forget(persona: Persona) {
    this.browsers.delete(persona);
  }

  /** Whether the persona can still open the tenant (a fuzzed request may deactivate people). */
  async healthy(persona: Persona) {
    if (persona === "anonymous" || persona === "operator") return true;
    const active = await withSystem(this.db, (trx) =>
      sql<{ ok: boolean }>`
        select m.active and (c.id is null or c.active) as ok
        from memberships m left join customers c on c.tenant_id = m.tenant_id and c.id = m.customer_id
        where m.tenant_id = ${this.tenant.id} and m.id = ${this.tenant.people[persona].membershipId}`.execute(
        trx,
      ),
    );
    return active.rows[0]?.ok === true;
  }
}
