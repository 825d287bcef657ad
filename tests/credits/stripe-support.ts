import Stripe from "stripe";
import { startStripeMock, type StripeMock } from "@covenant/stripe-mock";
import { withSystem, type Db } from "../../app/db.server";
import { loadConfig } from "../../app/config.server";
import {
  STRIPE_SECRET_KEY_PURPOSE,
  STRIPE_WEBHOOK_SECRET_PURPOSE,
} from "../../app/modules/billing/stripe-settings.server";
import { approveCredit } from "../../app/modules/credits/approve-credit.server";
import type { StripeJobDeps } from "../../app/modules/credits/issue-credit.server";
import { runCredits } from "../../app/modules/credits/run-credits.server";
import { seal } from "../../app/modules/crypto/secret-box.server";
import { testStripeKey } from "../support/credits";
import type { TestPerson, TestTenant } from "../support/factories";
import { addCreditContract, addOutage, creditLines, financeOf, NOW } from "./helpers";

export { startStripeMock, type StripeMock };

/** Connects a test tenant to its own account on the test server (test-server mode, sealed secrets). */
export async function connectStripe(db: Db, tenant: TestTenant, mock: StripeMock) {
  const key = testStripeKey();
  const webhookSecret = `whsec_test${key.slice(-16)}`;
  const secret = loadConfig().secret;
  await withSystem(db, (trx) =>
    trx
      .updateTable("stripe_settings")
      .set({
        secret_key_sealed: seal(secret, STRIPE_SECRET_KEY_PURPOSE, key),
        secret_key_last4: key.slice(-4),
        webhook_secret_sealed: seal(secret, STRIPE_WEBHOOK_SECRET_PURPOSE, webhookSecret),
        webhook_secret_last4: webhookSecret.slice(-4),
        api_mode: "mock",
      })
      .where("tenant_id", "=", tenant.id)
      .execute(),
  );
  const stripe = new Stripe(key, {
    ...mock.stripeConfig(),
    maxNetworkRetries: 0,
    telemetry: false,
  });
  return { key, webhookSecret, stripe };
}

export function depsFor(
  mock: StripeMock,
  now = NOW,
  extra: Partial<StripeJobDeps> = {},
): StripeJobDeps {
  return {
    secret: loadConfig().secret,
    endpoint: { mockUrl: mock.url, timeoutMs: 400, maxNetworkRetries: 0 },
    now,
    ...extra,
  };
}

/** An approved credit (computed by `computer`, approved by `approver`) on a contract billed to a fresh Stripe customer. */
export async function approvedCredit(
  db: Db,
  tenant: TestTenant,
  stripe: Stripe,
  people: { computer: TestPerson; approver: TestPerson },
  opts: { stripeCustomerId?: string; month?: string } = {},
) {
  const customer = opts.stripeCustomerId
    ? null
    : await stripe.customers.create({ name: "Customer One" });
  const stripeCustomerId = opts.stripeCustomerId ?? customer!.id;
  const c = await addCreditContract(db, tenant, { stripeCustomerId });
  const month = opts.month ?? "2026-10";
  await addOutage(db, tenant, c, `${month}-14T02:10:00Z`, 190);
  await runCredits(db, financeOf(tenant, people.computer), { month }, { now: NOW });
  const [line] = await creditLines(db, tenant, c.contractId);
  await approveCredit(db, financeOf(tenant, people.approver), { creditId: line!.id }, { now: NOW });
  return {
    creditId: line!.id,
    contract: c,
    stripeCustomerId,
    txnPath: `/v1/customers/${stripeCustomerId}/balance_transactions`,
  };
}
