import { expect, signInAs, test } from "./fixtures";

/** A 1×1 PNG, made in memory: a real image for the upload. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test("a customer raises an incident, an agent replies and resolves it, the customer confirms and rates it", async ({
  page,
  browser,
}) => {
  const subject = `Checkout times out ${Date.now().toString(36)}`;

  // The customer raises an incident with a screenshot.
  await signInAs(page, "customer@contoso.test");
  await page.goto("/t/northwind");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Raise a ticket" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Raise a ticket" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Service", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("radio", { name: /^High Many users/ }).check();
  await page.getByRole("radio", { name: /^High Work has stopped/ }).check();
  await page.getByLabel("Subject", { exact: true }).fill(subject);
  await page
    .getByLabel("Description", { exact: true })
    .fill("Every checkout fails since **09:10**.\n\n- Chrome\n- Firefox");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".markdown strong", { hasText: "09:10" })).toBeVisible();
  await page.getByRole("button", { name: "Write" }).click();
  await page
    .getByLabel("Attachments")
    .setInputFiles({ name: "checkout-error.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Raise incident" }).click();

  await expect(page).toHaveURL(/\/t\/northwind\/tickets\/INC-\d+/);
  const number = /INC-\d+/.exec(page.url())![0];
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`${number} is raised`);
  await expect(page.getByRole("link", { name: "checkout-error.png" })).toBeVisible();
  const sla = page.getByRole("region", { name: "Service level" });
  await expect(sla).toContainText("Response due");
  await expect(sla).toContainText("Resolution due");

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Tickets", exact: true })
    .click();
  await expect(page.getByRole("link", { name: number })).toBeVisible();

  // The agent finds it in the queue, replies and resolves it.
  const agentContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const agent = await agentContext.newPage();
  await signInAs(agent, "agent@northwind.test");
  await agent.goto("/t/northwind/queue");
  await agent.waitForLoadState("networkidle");
  await agent.getByRole("searchbox", { name: "Search" }).fill(number);
  await agent.getByRole("button", { name: "Apply filters" }).click();
  await agent.getByRole("link", { name: number }).first().click();
  await expect(agent.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await agent.getByRole("button", { name: "Assign to me" }).click();
  await expect(agent.getByRole("status")).toContainText("Assignment saved");
  await agent
    .getByRole("textbox", { name: "Your reply" })
    .fill("We restarted the payment gateway; please try again.");
  await agent.getByRole("button", { name: "Send reply" }).click();
  await expect(agent.getByRole("status")).toContainText("Reply sent to the customer");
  await agent.getByRole("button", { name: /^Resolve/ }).click();
  await expect(agent.getByRole("status")).toContainText("Status changed to resolved");
  await agentContext.close();

  // The customer confirms the resolution and rates it; the resolution clock is met.
  await page.goto(`/t/northwind/tickets/${number}`);
  // Let the page hydrate first: a radio checked before React takes over can be reset by it.
  await page.waitForLoadState("networkidle");
  await expect(page.getByText("We restarted the payment gateway; please try again.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Is it fixed?" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm resolution" }).click();
  await expect(page.getByRole("status")).toContainText("the ticket is closed");
  await page.getByText("Excellent").click();
  await expect(page.getByRole("radio", { name: "5 – Excellent" })).toBeChecked();
  await page
    .getByRole("textbox", { name: "Comment (optional)" })
    .fill("Fixed within the hour, thank you.");
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(page.getByRole("status")).toContainText("Thank you for rating");
  await expect(page.getByText("Your rating: 5 out of 5")).toBeVisible();
  await expect(sla).toContainText("Response met");
  await expect(sla).toContainText("Resolution met");
  await page.getByText("Explain this SLA").click();
  await expect(sla).toContainText("Resolution met: the clock stopped");
  await page.screenshot({ path: "test-results/ticket-closed.png", fullPage: true });
});

test("@phone a customer follows their tickets on a phone", async ({ page }) => {
  await signInAs(page, "customer@contoso.test");
  await page.goto("/t/northwind/tickets/new");
  await expect(page.getByRole("link", { name: /Report an incident/ })).toBeVisible();
  await page.goto("/t/northwind/tickets");
  await expect(page.getByRole("heading", { level: 1, name: "Tickets" })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
