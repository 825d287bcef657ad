import { DEMO_PASSWORD, expect, signInAs, test } from "./fixtures";

const ROLES = [
  {
    email: "admin@northwind.test",
    tenant: "northwind",
    sees: ["Home", "Customers", "Users", "Audit log", "Settings"],
    hidden: [],
  },
  {
    email: "agent@northwind.test",
    tenant: "northwind",
    sees: ["Home", "Customers"],
    hidden: ["Users", "Settings", "Audit log"],
  },
  {
    email: "am@northwind.test",
    tenant: "northwind",
    sees: ["Home", "Customers"],
    hidden: ["Users", "Settings"],
  },
  {
    email: "finance@northwind.test",
    tenant: "northwind",
    sees: ["Home", "Customers", "Audit log"],
    hidden: ["Users", "Settings"],
  },
  {
    email: "customer@contoso.test",
    tenant: "northwind",
    sees: ["Home"],
    hidden: ["Customers", "Users", "Audit log", "Settings"],
  },
  {
    email: "admin@fabrikam.test",
    tenant: "fabrikam",
    sees: ["Home", "Users", "Settings"],
    hidden: [],
  },
];

test.describe("signing in", () => {
  for (const role of ROLES) {
    test(`${role.email} signs in with the form and sees their navigation`, async ({ page }) => {
      await page.goto(`/t/${role.tenant}/sign-in`);
      await page.getByLabel("Email").fill(role.email);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(new RegExp(`/t/${role.tenant}$`));
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const label of role.sees)
        await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
      for (const label of role.hidden)
        await expect(nav.getByRole("link", { name: label, exact: true })).toHaveCount(0);
    });
  }

  test("a wrong password shows an error and keeps the email", async ({ page }) => {
    await page.goto("/t/northwind/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in to Northwind Cloud" })).toBeVisible();
    await page.getByLabel("Email").fill("agent@northwind.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(
      "That email and password do not match an account.",
    );
    await expect(page.getByLabel("Email")).toHaveValue("agent@northwind.test");
  });

  test("a malformed email gets a field error", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("whatever");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });

  test("sign-out ends the session", async ({ page }) => {
    await signInAs(page, "am@northwind.test");
    await page.goto("/t/northwind");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/t\/northwind\/sign-in$/);
    await page.goto("/t/northwind");
    await expect(page).toHaveURL(/\/t\/northwind\/sign-in\?redirectTo=/);
  });

  test("the Contoso customer cannot open another tenant", async ({ page }) => {
    await signInAs(page, "customer@contoso.test");
    const response = await page.goto("/t/fabrikam");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Fabrikam Hosting")).toHaveCount(0);
    const staff = await page.goto("/t/northwind/users");
    expect(staff?.status()).toBe(403);
  });
});

test.describe("on a phone", () => {
  test("@phone the menu opens and navigates", async ({ page }) => {
    await signInAs(page, "admin@northwind.test");
    await page.goto("/t/northwind");
    await page.getByText("Menu").click();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Customers" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
    await page.screenshot({ path: "test-results/phone-customers.png", fullPage: true });
  });
});
