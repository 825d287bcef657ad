import Stripe from "stripe";
import { withTenant, type Db } from "../../db.server";
import { recordAudit, SYSTEM_ACTOR } from "../audit/record-audit.server";
import { loadStripeCredentials } from "./stripe-settings.server";
import { tenantsUsingStripeMock } from "./system.server";

type Log = (message: string) => void;

/**
 * Runs @covenant/stripe-mock beside the server (the offline demo and e2e tests; DESIGN.md
 * "External parts"): when STRIPE_MOCK=1, or when STRIPE_MOCK is unset and some workspace chose the
 * offline test server in its billing settings (the demo's Northwind does). STRIPE_MOCK=0 never
 * starts it; STRIPE_MOCK_URL set means one runs elsewhere and is used as it is.
 *
 * The test server keeps its state in memory, so a restart starts it empty. For each workspace in
 * test-server mode this wires the server's signed webhooks to /webhooks/stripe/<slug> and creates
 * the Stripe customers its contracts name, relinking the contracts to the new ids (audited).
 */
export async function maybeStartStripeMock(
  db: Db,
  secret: string,
  opts: { appUrl: string; env?: NodeJS.ProcessEnv; log?: Log },
) {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((m: string) => console.log(`[stripe-mock] ${m}`));
  if (env.STRIPE_MOCK === "0" || env.STRIPE_MOCK_URL) return null;
  const tenants = await tenantsUsingStripeMock(db);
  if (env.STRIPE_MOCK !== "1" && tenants.length === 0) return null;

  const { startStripeMock } = await import("@covenant/stripe-mock");
  // Real Stripe announces a balance change as customer.updated only; behave the same.
  const mock = await startStripeMock({
    port: Number(env.STRIPE_MOCK_PORT ?? 0),
    balanceTransactionEvent: false,
  });
  env.STRIPE_MOCK_URL = mock.url;
  for (const tenant of tenants) {
    try {
      await prepareTenant(db, secret, mock, tenant, opts.appUrl, log);
    } catch (error) {
      log(
        `could not prepare ${tenant.slug}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  log(
    `offline Stripe test server at ${mock.url}${tenants.length ? ` for ${tenants.map((t) => t.slug).join(", ")}` : ""}`,
  );
  return mock;
}

type Mock = Awaited<ReturnType<(typeof import("@covenant/stripe-mock"))["startStripeMock"]>>;

async function prepareTenant(
  db: Db,
  secret: string,
  mock: Mock,
  tenant: { id: string; slug: string },
  appUrl: string,
  log: Log,
) {
  const tenantId = tenant.id;
  const credentials = await withTenant(db, { tenantId }, (trx) =>
    loadStripeCredentials(trx, tenantId, secret),
  );
  if (!credentials) return;
  if (credentials.webhookSecret) {
    mock.setWebhook({
      url: `${appUrl}/webhooks/stripe/${tenant.slug}`,
      secret: credentials.webhookSecret,
      account: credentials.secretKey,
    });
  }
  const stripe = new Stripe(credentials.secretKey, {
    ...mock.stripeConfig(),
    maxNetworkRetries: 0,
    telemetry: false,
  });
  const linked = await withTenant(db, { tenantId }, (trx) =>
    trx
      .selectFrom("contracts as c")
      .innerJoin("customers as cu", (j) =>
        j.onRef("cu.tenant_id", "=", "c.tenant_id").onRef("cu.id", "=", "c.customer_id"),
      )
      .select(["c.stripe_customer_id", "cu.id as customer_id", "cu.name"])
      .distinct()
      .where("c.tenant_id", "=", tenantId)
      .where("c.stripe_customer_id", "is not", null)
      .execute(),
  );
  for (const link of linked) {
    const oldId = link.stripe_customer_id!;
    if (mock.customer(credentials.secretKey, oldId)) continue;
    const created = await stripe.customers.create({
      name: link.name,
      metadata: { covenant_customer_id: link.customer_id },
    });
    await withTenant(db, { tenantId }, async (trx) => {
      const contracts = await trx
        .updateTable("contracts")
        .set({ stripe_customer_id: created.id })
        .where("tenant_id", "=", tenantId)
        .where("stripe_customer_id", "=", oldId)
        .returning("id")
        .execute();
      await recordAudit(trx, tenantId, SYSTEM_ACTOR, {
        action: "contract.stripe_customer_relinked",
        entityType: "stripe_settings",
        entityId: tenantId,
        before: { stripeCustomerId: oldId },
        after: {
          stripeCustomerId: created.id,
          contracts: contracts.map((c) => c.id),
          reason: "the offline Stripe test server started empty",
        },
      });
    });
    log(`${tenant.slug}: ${link.name} is ${created.id} on the test server (was ${oldId})`);
  }
}
