import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "covenant-demo";

/**
 * Signs in through the standard Auth.js endpoints (no typing into the form), so tests that are not
 * about signing in start already signed in. The browser context keeps the session cookie.
 */
export async function signInAs(page: Page, email: string) {
  const csrf = await page.request.get("/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await page.request.post("/auth/callback/credentials", {
    form: { email, password: DEMO_PASSWORD, csrfToken },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${email}`).toBe(302);
}

export const test = base;
export { expect };
