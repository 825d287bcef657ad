import { randomBytes } from "node:crypto";
import { withSystem, type Db } from "../../app/db.server";
import { loadConfig } from "../../app/config.server";
import {
  STRIPE_SECRET_KEY_PURPOSE,
  STRIPE_WEBHOOK_SECRET_PURPOSE,
} from "../../app/modules/billing/stripe-settings.server";
import { computeCredit, type CreditInputs } from "../../app/modules/credits/compute-credit";
import { creditInputsHash } from "../../app/modules/credits/inputs-hash";
import { seal } from "../../app/modules/crypto/secret-box.server";

/** A Stripe test key unique to a tenant (each key is its own account on the test server). */
export function testStripeKey() {
  return `sk_test_covenant_${randomBytes(12).toString("hex")}`;
}

/**
 * Credit rows for a test tenant (createTestTenant calls this so every credits table has rows): a
 * maintenance window, a manual credit run, a computed credit line for customers[0]'s contract in
 * January 2026 (a real computation, so its pages render), Stripe settings (sealed, test-server
 * mode, never used by factory tests) and one processed webhook event.
 */
export async function addCreditRows(
  db: Db,
  tenant: { id: string },
  refs: {
    serviceId: string;
    contractId: string;
    customerId: string;
    policyId: string;
    policyVersionId: string;
    financeMembershipId: string;
    ticketId: string;
    ticketNumber: string;
  },
) {
  const inputs: CreditInputs = {
    month: "2026-01",
    periodFrom: "2026-01-01T00:00:00.000Z",
    periodTo: "2026-02-01T00:00:00.000Z",
    contract: {
      id: refs.contractId,
      customerId: refs.customerId,
      customerName: "Customer One",
      serviceId: refs.serviceId,
      serviceName: "Managed Widgets",
      monthlyFee: 100_000,
      currency: "GBP",
      startsOn: "2026-01-01",
      endsOn: null,
    },
    policy: {
      policyId: refs.policyId,
      name: "Standard",
      versionId: refs.policyVersionId,
      version: 1,
      availabilityTarget: 99.9,
      tiers: [
        { below: 99.9, percent: 10 },
        { below: 99, percent: 25 },
      ],
      capPercent: "50.00",
    },
    outages: [
      {
        ticketId: refs.ticketId,
        number: refs.ticketNumber,
        start: "2026-01-10T10:00:00.000Z",
        end: "2026-01-10T12:00:00.000Z",
      },
    ],
    exclusions: [],
    breaches: [],
  };
  const explanation = computeCredit(inputs);
  const secret = loadConfig().secret;
  return withSystem(db, async (trx) => {
    await trx
      .insertInto("maintenance_windows")
      .values({
        tenant_id: tenant.id,
        service_id: refs.serviceId,
        starts_at: new Date("2026-01-04T02:00:00Z"),
        ends_at: new Date("2026-01-04T04:00:00Z"),
        description: "Factory maintenance",
        created_by: refs.financeMembershipId,
      })
      .execute();
    await trx
      .insertInto("credit_runs")
      .values({
        tenant_id: tenant.id,
        period: "2026-01-01",
        trigger: "manual",
        run_by: refs.financeMembershipId,
        run_by_label: "factory",
        summary: "{}",
      })
      .execute();
    const credit = await trx
      .insertInto("service_credits")
      .values({
        tenant_id: tenant.id,
        customer_id: refs.customerId,
        contract_id: refs.contractId,
        period: "2026-01-01",
        currency: "GBP",
        computed_amount: explanation.amount,
        amount: explanation.amount,
        explanation: JSON.stringify(explanation),
        inputs_hash: creditInputsHash(inputs),
        computed_by: refs.financeMembershipId,
        computed_by_label: "factory",
        computed_at: new Date("2026-02-01T06:00:00Z"),
        updated_at: new Date("2026-02-01T06:00:00Z"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("stripe_settings")
      .values({
        tenant_id: tenant.id,
        secret_key_sealed: seal(secret, STRIPE_SECRET_KEY_PURPOSE, "sk_test_factory_unused"),
        secret_key_last4: "used",
        webhook_secret_sealed: seal(secret, STRIPE_WEBHOOK_SECRET_PURPOSE, "whsec_factory_unused"),
        webhook_secret_last4: "used",
        api_mode: "mock",
        updated_at: new Date(),
      })
      .execute();
    await trx
      .insertInto("stripe_webhook_events")
      .values({
        tenant_id: tenant.id,
        event_id: `evt_factory${randomBytes(8).toString("hex")}`,
        event_type: "customer.updated",
        processed_at: new Date(),
      })
      .execute();
    return { creditId: credit.id };
  });
}
