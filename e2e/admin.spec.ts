import { expect, signInAs, test } from "./fixtures";

test("an admin adds a customer, invites a customer user, and the invitee joins", async ({
  page,
  browser,
}) => {
  await signInAs(page, "admin@northwind.test");
  await page.goto("/t/northwind/customers");
  await page.getByLabel("Customer name").fill("Adventure Works");
  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByRole("cell", { name: "Adventure Works", exact: true })).toBeVisible();

  await page.goto("/t/northwind/users");
  await page.getByLabel("Email").fill("buyer@adventure-works.test");
  await page.getByLabel("Role").selectOption("customer");
  await page
    .getByLabel("Customer (customer users only)")
    .selectOption({ label: "Adventure Works" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  const notice = page.getByRole("status");
  await expect(notice).toContainText("Invitation created for buyer@adventure-works.test");
  const link = (await notice.locator("code").textContent())!;
  await page.screenshot({ path: "test-results/admin-users.png", fullPage: true });

  const invitee = await browser.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Join Northwind Cloud" })).toBeVisible();
  await invitee.getByLabel("Your name").fill("Bea Buyer");
  await invitee.getByLabel("Choose a password").fill("short");
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee.getByText("Password must be at least 10 characters")).toBeVisible();
  await invitee.getByLabel("Choose a password").fill("a long enough password");
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee).toHaveURL(/\/t\/northwind$/);
  await expect(invitee.getByText("Adventure Works", { exact: false }).first()).toBeVisible();
  await invitee.close();

  await page.goto("/t/northwind/audit");
  await expect(page.getByRole("cell", { name: "user.joined" })).toBeVisible();
});
