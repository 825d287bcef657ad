import { expect, signInAs, test } from "./fixtures";

test("an account manager holds a service review, adds an action, publishes it, and the customer acknowledges it", async ({
  page,
  browser,
}) => {
  await signInAs(page, "am@northwind.test");
  await page.goto("/t/northwind/reviews");
  await page.getByLabel("Customer").selectOption({ label: "Contoso Retail" });
  await page.getByLabel("Title").fill("Contoso quarterly review (e2e)");
  await page.getByLabel("Agenda").fill("1. SLA performance\n2. Actions");
  await page.getByRole("button", { name: "Schedule review" }).click();

  await expect(page.getByRole("heading", { name: "Contoso quarterly review (e2e)" })).toBeVisible();
  // The demo's still-open action from an earlier review is carried over, and the pack is frozen.
  await expect(
    page.getByRole("cell", { name: /Agree P1 escalation contacts/ }).first(),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: /SLA report ·/ })).toBeVisible();

  await page.getByLabel("New action").fill("Send the disaster-recovery test report");
  await page.getByLabel("Owner").selectOption({ label: "Carla Contoso (customer)" });
  await page.getByLabel("Due date").fill("2030-01-31");
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.getByRole("status")).toContainText("Action added");
  await expect(
    page.getByRole("cell", { name: "Send the disaster-recovery test report", exact: true }),
  ).toBeVisible();

  await page.getByRole("button", { name: "Publish to customer" }).click();
  await expect(page.getByRole("status")).toContainText("Published");
  const reviewUrl = page.url().split("?")[0]!;

  const context = await browser.newContext();
  const customer = await context.newPage();
  await signInAs(customer, "customer@contoso.test");
  await customer.goto("/t/northwind/reviews");
  await customer.getByRole("link", { name: "Contoso quarterly review (e2e)" }).click();
  await expect(customer).toHaveURL(reviewUrl);
  await expect(
    customer.getByRole("cell", { name: "Send the disaster-recovery test report", exact: true }),
  ).toBeVisible();
  await customer.getByRole("button", { name: "Acknowledge review" }).click();
  await expect(customer.getByRole("status")).toContainText("the review is acknowledged");
  await expect(customer.getByText(/Acknowledged .* by Carla Contoso\./)).toBeVisible();
  await customer.screenshot({ path: "test-results/review-acknowledged.png", fullPage: true });
  await context.close();

  await page.reload();
  await expect(page.getByText(/Acknowledged .* by Carla Contoso\./)).toBeVisible();
});
