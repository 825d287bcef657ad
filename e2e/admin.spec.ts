import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

/** Chooses a good password on an invitation page and lands in the tenant. */
async function acceptWithPassword(invitee: Page, tenantSlug: string) {
  await invitee.getByLabel("Choose a password").fill("a long enough password");
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/t/${tenantSlug}$`));
}

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
  await acceptWithPassword(invitee, "northwind");
  await expect(invitee.getByText("Adventure Works", { exact: false }).first()).toBeVisible();
  await invitee.close();

  await page.goto("/t/northwind/audit");
  await expect(page.getByRole("cell", { name: "user.joined" })).toBeVisible();
});

test("the platform operator creates a tenant, and its first admin joins through the link", async ({
  page,
  browser,
}) => {
  await signInAs(page, "operator@covenant.test");
  await page.goto("/");
  await page.getByRole("link", { name: "Platform administration" }).click();
  await expect(page).toHaveURL(/\/platform$/);
  await page.getByLabel("Name").fill("Contour Cloud");
  await page.getByLabel("Slug").fill("contour");
  await page.getByLabel("Admin email").fill("admin@contour.test");
  await page.getByRole("button", { name: "Create tenant" }).click();
  const notice = page.getByRole("status");
  await expect(notice).toContainText("Created Contour Cloud at /t/contour");
  const link = (await notice.locator("code").textContent())!;

  const admin = await browser.newPage();
  await admin.goto(link);
  await expect(admin.getByRole("heading", { name: "Join Contour Cloud" })).toBeVisible();
  await admin.getByLabel("Your name").fill("Cora Contour");
  await acceptWithPassword(admin, "contour");
  // A new workspace's home says what to do first.
  await expect(admin.getByText("No customers yet. Add the organisations")).toBeVisible();
  await admin.close();

  // Nobody else reaches the platform pages.
  await signInAs(page, "admin@northwind.test");
  expect((await page.goto("/platform"))?.status()).toBe(404);
});
