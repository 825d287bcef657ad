import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, TestBrowser } from "../support/http";

let db: Db;
let a: TestTenant;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
});

describe("sign-in", () => {
  it("signs in from the tenant's branded page and lands on the tenant home", async () => {
    const browser = new TestBrowser();
    const page = await browser.get(`/t/${a.slug}/sign-in`);
    expect(await page.text()).toContain(`Sign in to ${a.name}`);
    const response = await browser.post(`/t/${a.slug}/sign-in`, {
      email: a.people.agent.email,
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/t/${a.slug}`);
    const home = await browser.get(`/t/${a.slug}`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Welcome, Test");
  });

  it("gives field errors for a malformed email and an empty password", async () => {
    const browser = new TestBrowser();
    const response = await browser.post("/sign-in", { email: "not-an-email", password: "" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain("Password is required");
  });

  it("says a wrong password does not match, without saying which part was wrong", async () => {
    const browser = new TestBrowser();
    const response = await browser.post("/sign-in", {
      email: a.people.finance.email,
      password: "wrong password!",
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("That email and password do not match an account.");
    const unknown = await browser.post("/sign-in", {
      email: "nobody@nowhere.test",
      password: "whatever123",
    });
    expect(unknown.status).toBe(401);
  });

  it("locks an account after 5 failures, even from different addresses, with a clear 429", async () => {
    const email = a.people.accountManager.email;
    for (let i = 0; i < 5; i++) {
      const r = await new TestBrowser().post("/sign-in", { email, password: `wrong-${i}` });
      expect(r.status).toBe(401);
    }
    const locked = await new TestBrowser().post("/sign-in", { email, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await locked.text()).toMatch(/Too many sign-in attempts\. Try again in 1[45] minutes\./);
  });

  it("locks an address after 20 failures across accounts", async () => {
    const browser = new TestBrowser();
    for (let i = 0; i < 20; i++) {
      await browser.post("/sign-in", {
        email: `nobody${i}@${a.slug}.test`,
        password: "wrong-password",
      });
    }
    const locked = await browser.post("/sign-in", {
      email: a.people.agent.email,
      password: TEST_PASSWORD,
    });
    expect(locked.status).toBe(429);
    const elsewhere = await new TestBrowser().post("/sign-in", {
      email: a.people.agent.email,
      password: TEST_PASSWORD,
    });
    expect(elsewhere.status).toBe(302);
  });

  it("serves the standard Auth.js endpoints, so scripts can sign in without the form", async () => {
    const browser = new TestBrowser();
    const csrf = await browser.get("/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await browser.request("/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: a.people.admin.email,
        password: TEST_PASSWORD,
        csrfToken,
      }),
    });
    expect(response.status).toBe(302);
    const session = (await (await browser.get("/auth/session")).json()) as {
      user?: { email?: string };
    };
    expect(session.user?.email).toBe(a.people.admin.email);
    expect((await browser.get(`/t/${a.slug}/users`)).status).toBe(200);
  });

  it.each([
    ["a form", "otherCustomer", "application/x-www-form-urlencoded"],
    ["a JSON body (Auth.js reads those too)", "customer", "application/json"],
  ] as const)(
    "applies the lock-out to the Auth.js credentials endpoint, posted as %s",
    async (_, who, type) => {
      const email = a.people[who].email;
      for (let i = 0; i < 5; i++)
        await new TestBrowser().post("/sign-in", { email, password: `nope-${i}` });
      const browser = new TestBrowser();
      const { csrfToken } = (await (await browser.get("/auth/csrf")).json()) as {
        csrfToken: string;
      };
      // The same account however its address is typed.
      const fields = { email: ` ${email.toUpperCase()}`, password: TEST_PASSWORD, csrfToken };
      const response = await browser.request("/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": type },
        body: type === "application/json" ? JSON.stringify(fields) : new URLSearchParams(fields),
      });
      expect(response.status).toBe(429);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /Try again in \d+ minutes/,
      );
      const session = (await (await browser.get("/auth/session")).json()) as { user?: unknown };
      expect(session?.user).toBe(undefined);
    },
  );

  it("checks no more than 5 passwords of an account however many guesses arrive at once", async () => {
    const t = await createTestTenant(db);
    const email = t.people.finance.email;
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        new TestBrowser().post("/sign-in", { email, password: `guess-${i}` }),
      ),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    const right = await new TestBrowser().post("/sign-in", { email, password: TEST_PASSWORD });
    expect(right.status).toBe(429);
  });

  // A browser reads each of these as //evil.example (tabs and line breaks dropped, "\" as "/").
  it.each(["//evil.example/", "/\t/evil.example/", "/\n/evil.example/", "/\\evil.example/"])(
    "refuses to redirect off-site after sign-in (%j)",
    async (redirectTo) => {
      const browser = new TestBrowser();
      const response = await browser.post("/sign-in", {
        email: a.people.admin.email,
        password: TEST_PASSWORD,
        redirectTo,
      });
      expect(response.headers.get("location")).toBe("/");
    },
  );

  it("returns to the page that asked for the sign-in", async () => {
    const response = await new TestBrowser().post(`/t/${a.slug}/sign-in`, {
      email: a.people.admin.email,
      password: TEST_PASSWORD,
      redirectTo: `/t/${a.slug}/users?tab=all`,
    });
    expect(response.headers.get("location")).toBe(`/t/${a.slug}/users?tab=all`);
  });
});

describe("sessions", () => {
  it("signs out: the old cookie no longer opens tenant pages", async () => {
    const browser = await signedIn(a.people.agent.email, TEST_PASSWORD);
    const out = await browser.post("/sign-out", { tenant: a.slug });
    expect(out.headers.get("location")).toBe(`/t/${a.slug}/sign-in`);
    expect((await browser.get(`/t/${a.slug}`)).status).toBe(302);
  });

  it("signs out everywhere: every earlier session of that person stops working at once", async () => {
    const t = await createTestTenant(db);
    const laptop = await signedIn(t.people.agent.email, TEST_PASSWORD);
    const phone = await signedIn(t.people.agent.email, TEST_PASSWORD);
    const stolenCookie = new Map(phone.cookies);
    expect((await phone.get(`/t/${t.slug}`)).status).toBe(200);
    await laptop.post(`/t/${t.slug}/account`, {});
    expect((await phone.get(`/t/${t.slug}`)).status).toBe(302);
    const replay = new TestBrowser();
    for (const [k, v] of stolenCookie) replay.cookies.set(k, v);
    expect((await replay.get(`/t/${t.slug}`)).status).toBe(302);
    const again = await signedIn(t.people.agent.email, TEST_PASSWORD);
    expect((await again.get(`/t/${t.slug}`)).status).toBe(200);
  });

  it("takes a deactivation into effect on the person's next request", async () => {
    const t = await createTestTenant(db);
    const agent = await signedIn(t.people.agent.email, TEST_PASSWORD);
    expect((await agent.get(`/t/${t.slug}`)).status).toBe(200);
    const admin = await signedIn(t.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${t.slug}/users`, {
      intent: "deactivate",
      membershipId: t.people.agent.membershipId,
    });
    expect(response.status).toBe(200);
    expect((await agent.get(`/t/${t.slug}`)).status).toBe(404);
    await admin.post(`/t/${t.slug}/users`, {
      intent: "reactivate",
      membershipId: t.people.agent.membershipId,
    });
    expect((await agent.get(`/t/${t.slug}`)).status).toBe(200);
  });
});
