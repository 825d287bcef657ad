import { expect, signInAs, test } from "./fixtures";

test("an admin creates a calendar, a policy and a contract, and the customer sees the service with its targets", async ({
  page,
  browser,
}) => {
  await signInAs(page, "admin@northwind.test");

  await page.goto("/t/northwind/calendars/new");
  await page.getByLabel("Name").fill("Paris office");
  await page.getByLabel("Time zone").selectOption("Europe/Paris");
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
    await page.getByLabel(day, { exact: true }).fill("08:00-12:00, 13:00-18:00");
  }
  await page.getByRole("button", { name: "Create calendar" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Paris office");

  await page.goto("/t/northwind/policies/new");
  await page.getByLabel("Name").fill("Bronze");
  const calendar = page.getByLabel("Business calendar");
  const parisLabel = (await calendar.locator("option", { hasText: "Paris office" }).textContent())!;
  await calendar.selectOption({ label: parisLabel });
  const targets: Array<[string, string, string]> = [
    ["P1", "30", "4"],
    ["P2", "60", "8"],
    ["P3", "120", "16"],
    ["P4", "240", "40"],
  ];
  for (const [p, response, resolutionHours] of targets) {
    await page.getByLabel(`${p} first response`).fill(response);
    await page.getByLabel(`${p} response unit`).selectOption("minutes");
    await page.getByLabel(`${p} resolution`, { exact: true }).fill(resolutionHours);
    await page.getByLabel(`${p} resolution unit`).selectOption("hours");
  }
  await page.getByLabel("Warning threshold (%)").fill("80");
  await page.getByLabel("Monthly availability target (%)").fill("99.5");
  await page.getByLabel("Credit cap (% of monthly fee)").fill("30");
  await page.getByLabel("Tier 1: availability below (%)").fill("99.5");
  await page.getByLabel("Tier 1: credit (% of monthly fee)").fill("10");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bronze");

  await page.goto("/t/northwind/services");
  const addService = page.getByRole("region", { name: "Add a service" });
  await addService.getByLabel("Name").fill("Managed Redis");
  await addService.getByLabel("Category").fill("Databases");
  await addService.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Managed Redis");

  await page.goto("/t/northwind/contracts/new");
  await page.getByLabel("Customer", { exact: true }).selectOption({ label: "Contoso Retail" });
  await page.getByLabel("Service", { exact: true }).selectOption({ label: "Managed Redis" });
  await page.getByLabel("SLA policy").selectOption({ label: "Bronze" });
  await page.getByLabel("Monthly fee").fill("1500.00");
  await page.getByLabel("Currency").selectOption("GBP");
  await page.getByLabel("Start date").fill(new Date().toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("cell", { name: "Managed Redis", exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/admin-contracts.png", fullPage: true });

  const customer = await browser.newPage();
  await signInAs(customer, "customer@contoso.test");
  await customer.goto("/t/northwind/my-services");
  const card = customer.getByRole("region", { name: "Managed Redis" });
  await expect(card).toBeVisible();
  await expect(card).toContainText(
    "P1: response within 30 business minutes, resolution within 4 business hours",
  );
  await expect(card).toContainText("Europe/Paris");
  await customer.screenshot({ path: "test-results/customer-services.png", fullPage: true });
  await customer.close();
});
