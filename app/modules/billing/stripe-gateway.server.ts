import type Stripe from "stripe";

/** What Covenant keeps of a customer balance transaction it created for a credit. */
export type CreditTransaction = {
  id: string;
  creditId: string;
  customerId: string;
  amount: number;
  currency: string;
};

function toCreditTransaction(
  customerId: string,
  txn: Stripe.CustomerBalanceTransaction,
): CreditTransaction | null {
  const creditId = txn.metadata?.credit_id;
  if (!creditId) return null;
  return {
    id: txn.id,
    creditId,
    customerId,
    amount: txn.amount,
    currency: txn.currency.toUpperCase(),
  };
}

/**
 * The customer's balance transactions that carry a Covenant credit id, by credit id — how a credit
 * that reached Stripe is recognised whatever happened to the answer (Stripe has no search on
 * balance transaction metadata, so this reads the customer's whole list, newest first).
 */
export async function findCreditTransactions(
  stripe: Stripe,
  customerId: string,
  opts: { tenantId: string },
) {
  const found = new Map<string, CreditTransaction>();
  for await (const txn of stripe.customers.listBalanceTransactions(customerId, { limit: 100 })) {
    const credit = toCreditTransaction(customerId, txn);
    // Only this tenant's credits: one Stripe account may serve several Covenant workspaces.
    if (credit && txn.metadata?.tenant_id === opts.tenantId && !found.has(credit.creditId))
      found.set(credit.creditId, credit);
  }
  return found;
}

/** One transaction, re-read from Stripe (a webhook names it; we do not trust its payload). */
export async function retrieveCreditTransaction(
  stripe: Stripe,
  customerId: string,
  transactionId: string,
) {
  const txn = await stripe.customers.retrieveBalanceTransaction(customerId, transactionId);
  return toCreditTransaction(customerId, txn);
}

/**
 * Credits the customer's Stripe balance (a negative amount: Stripe applies it to their next
 * invoices), under the idempotency key stored on the credit before this call.
 */
export async function createCreditTransaction(
  stripe: Stripe,
  input: {
    customerId: string;
    amount: number;
    currency: string;
    creditId: string;
    tenantId: string;
    period: string;
    contractId: string;
    description: string;
    idempotencyKey: string;
  },
) {
  const txn = await stripe.customers.createBalanceTransaction(
    input.customerId,
    {
      amount: -input.amount,
      currency: input.currency.toLowerCase(),
      description: input.description.slice(0, 350),
      metadata: {
        credit_id: input.creditId,
        tenant_id: input.tenantId,
        period: input.period,
        contract_id: input.contractId,
      },
    },
    { idempotencyKey: input.idempotencyKey },
  );
  return toCreditTransaction(input.customerId, txn)!;
}
