import { randomBytes } from "node:crypto";
import { withSystem, withTenant, type Db } from "../../app/db.server";
import { loadConfig } from "../../app/config.server";
import { recordAudit, SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import {
  STRIPE_SECRET_KEY_PURPOSE,
  STRIPE_WEBHOOK_SECRET_PURPOSE,
} from "../../app/modules/billing/stripe-settings.server";
import { seal } from "../../app/modules/crypto/secret-box.server";
import { previousMonth } from "../../app/modules/credits/period";
import { runScheduledCredits } from "../../app/modules/credits/run-credits.server";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { recordOutage } from "../../app/modules/tickets/record-outage.server";
import { addMember } from "../../app/modules/users/add-member.server";

/** The demo's Stripe account on the offline test server (a test key; it never reaches Stripe). */
export const DEMO_STRIPE_SECRET_KEY = "sk_test_northwind_demo_account";

const HOUR = 3_600_000;
const MINUTE = 60_000;

async function membershipOf(db: Db, tenantId: string, email: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.id", "m.user_id", "m.role"])
      .where("m.tenant_id", "=", tenantId)
      .where("u.email", "=", email)
      .executeTakeFirstOrThrow(),
  );
}

/**
 * Service credits for the demo (README "Service credits"), after the tickets demo:
 * - a second finance person (finance2@northwind.test), so four-eyes approval can be tried;
 * - Northwind's Stripe connected to the offline test server (`npm start` runs it; see
 *   app/modules/billing/local-mock.server.ts), secrets sealed like real ones;
 * - a maintenance window on Managed Kubernetes last month (excluded from availability);
 * - Contoso's Managed Kubernetes outage last month — the one the tickets demo records, or, when it
 *   has none, a 3 h 10 min outage recorded here — which takes availability below Gold's 99.95 %;
 * - the scheduled credit run of last month, so a computed credit for Contoso is waiting for finance.
 */
export async function seedCredits(
  db: Db,
  tenant: { id: string; slug: string; name: string },
  refs: { contoso: string; kubernetes: string; passwordHash: string },
  now = new Date(),
) {
  const tenantId = tenant.id;
  await addMember(db, SYSTEM_ACTOR, {
    tenantId,
    email: "finance2@northwind.test",
    name: "Femi Finance",
    role: "finance",
    passwordHash: refs.passwordHash,
  });

  const secret = loadConfig().secret;
  const webhookSecret = `whsec_demo${randomBytes(18).toString("base64url")}`;
  await withTenant(db, { tenantId }, async (trx) => {
    await trx
      .insertInto("stripe_settings")
      .values({
        tenant_id: tenantId,
        secret_key_sealed: seal(secret, STRIPE_SECRET_KEY_PURPOSE, DEMO_STRIPE_SECRET_KEY),
        secret_key_last4: DEMO_STRIPE_SECRET_KEY.slice(-4),
        webhook_secret_sealed: seal(secret, STRIPE_WEBHOOK_SECRET_PURPOSE, webhookSecret),
        webhook_secret_last4: webhookSecret.slice(-4),
        api_mode: "mock",
        updated_at: now,
      })
      .execute();
    await recordAudit(trx, tenantId, SYSTEM_ACTOR, {
      action: "billing.stripe_settings_saved",
      entityType: "stripe_settings",
      entityId: tenantId,
      after: {
        secretKey: `…${DEMO_STRIPE_SECRET_KEY.slice(-4)}`,
        webhookSecret: `…${webhookSecret.slice(-4)}`,
        apiMode: "mock",
      },
    });
  });

  const month = previousMonth(now);
  const day = (n: number, hours: number, minutes = 0) =>
    new Date(month.from.getTime() + (n - 1) * 24 * HOUR + hours * HOUR + minutes * MINUTE);
  await withTenant(db, { tenantId }, (trx) =>
    trx
      .insertInto("maintenance_windows")
      .values({
        tenant_id: tenantId,
        service_id: refs.kubernetes,
        starts_at: day(11, 2),
        ends_at: day(11, 4),
        description:
          "Control-plane upgrade to the next Kubernetes minor version (announced 14 days ahead)",
      })
      .execute(),
  );

  const existingOutage = await withTenant(db, { tenantId }, (trx) =>
    trx
      .selectFrom("tickets")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("is_outage", "=", true)
      .where("customer_id", "=", refs.contoso)
      .where("outage_service_id", "=", refs.kubernetes)
      .where("outage_start", "<", month.to)
      .where((eb) => eb.or([eb("outage_end", "is", null), eb("outage_end", ">", month.from)]))
      .executeTakeFirst(),
  );
  if (!existingOutage) {
    const agent = await membershipOf(db, tenantId, "agent@northwind.test");
    const member = {
      tenant: { slug: tenant.slug, name: tenant.name },
      role: "agent" as const,
      membershipId: agent.id,
      customerId: null,
      ctx: { tenantId, userId: agent.user_id },
      actor: { userId: agent.user_id, label: "Arjun Agent" },
    };
    const start = day(14, 9, 40);
    const incident = await createIncident(
      db,
      member,
      {
        serviceId: refs.kubernetes,
        customerId: refs.contoso,
        impact: "high",
        urgency: "high",
        subject: "Kubernetes API unreachable in uk-south-1",
        description:
          "kubectl and the dashboard time out for the production cluster; workloads that need the API (deploys, autoscaling) are stuck.",
      },
      { now: new Date(start.getTime() + 5 * MINUTE) },
    );
    await recordOutage(
      db,
      member,
      {
        number: incident.number,
        outageServiceId: refs.kubernetes,
        outageStart: start,
        outageEnd: new Date(start.getTime() + 3 * HOUR + 10 * MINUTE),
      },
      { now: new Date(start.getTime() + 3 * HOUR + 20 * MINUTE) },
    );
    // Resolved within Gold's 4-hour P1 target: this credit is about availability, not a breach.
    await changeStatus(
      db,
      member,
      {
        number: incident.number,
        status: "resolved",
        note: "A failed etcd member was replaced; the API answers again.",
      },
      { now: new Date(start.getTime() + 3 * HOUR + 25 * MINUTE) },
    );
  }

  return runScheduledCredits(db, tenantId, month, now);
}
