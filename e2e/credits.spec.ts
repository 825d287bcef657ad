import { expect, signInAs, test } from "./fixtures";

/** "2026-10" when run in November 2026: the month the demo's outage falls in. */
function lastMonth() {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
}

test("finance runs last month, a second finance user approves, the credit is issued to Stripe and reconciled", async ({
  page,
  browser,
}) => {
  const month = lastMonth();
  const line = `Open the ${month} credit of Contoso Retail for Managed Kubernetes`;

  // Finance runs last month: safe to repeat, it says what it checked.
  await signInAs(page, "finance@northwind.test");
  await page.goto("/t/northwind/credits");
  await expect(page.getByLabel("Month").first()).toHaveValue(month);
  await page.getByRole("button", { name: "Run credits" }).click();
  await expect(page.getByRole("status")).toContainText(
    /Credits for \w+ \d{4}: checked \d+ contracts/,
  );
  await expect(page.getByRole("table", { name: "Totals per currency" })).toContainText("GBP");
  await page.screenshot({ path: "test-results/credits-ledger.png", fullPage: true });

  // The Contoso Kubernetes line explains itself: the outage, the tier, the maintenance excluded.
  await page.getByRole("link", { name: line }).click();
  await expect(
    page.getByRole("heading", { name: /Contoso Retail · Managed Kubernetes/ }),
  ).toBeVisible();
  await expect(page.getByText("below 99.95 % → 10 % of the fee")).toBeVisible();
  await expect(page.getByText(/Control-plane upgrade/)).toBeVisible();

  // Finance adjusts it (with a reason): from now on someone else has to approve it.
  await page.getByLabel("New amount (GBP)").fill("1500.00");
  await page
    .getByLabel("Reason for the adjustment")
    .fill("Goodwill: rounded down as agreed with Contoso");
  await page.getByRole("button", { name: "Adjust amount" }).click();
  await expect(page.getByRole("status")).toContainText("Amount adjusted");
  await expect(page.getByText(/Four eyes:/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve credit" })).toHaveCount(0);
  const creditUrl = page.url();

  // A second finance user approves and issues it.
  const second = await browser.newContext();
  const other = await second.newPage();
  await signInAs(other, "finance2@northwind.test");
  await other.goto(creditUrl);
  await other.getByRole("button", { name: "Approve credit" }).click();
  await expect(other.getByRole("status")).toContainText("Credit approved.");
  await other.getByRole("button", { name: "Issue to Stripe" }).click();
  await expect(other.getByRole("status")).toContainText(/Issued/);

  // Confirmed by Stripe (its webhook, or the worker's check) without anyone doing anything.
  await expect(async () => {
    await other.reload();
    await expect(other.getByText(/confirmed by Stripe/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(other.getByRole("table", { name: "History of this credit" })).toContainText(
    "Reconciled with Stripe",
  );
  await other.screenshot({ path: "test-results/credits-reconciled.png", fullPage: true });
  await second.close();

  // The customer sees the credit and how it was computed.
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await signInAs(customer, "customer@contoso.test");
  await customer.goto("/t/northwind/my-credits");
  await expect(customer.getByText("£1,500.00")).toBeVisible();
  await expect(customer.getByText("Applied to your account", { exact: true })).toBeVisible();
  await customer.getByText("How this credit was computed").click();
  await expect(customer.getByText("Measured availability")).toBeVisible();
  await customerContext.close();
});
