import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../app/config.server";
import { createDb, type DbHandle } from "../../app/db.server";
import { formatApiKey, newApiKeySecret } from "../../app/modules/api/api-key-token";
import { AppError, isDatabaseUnavailable } from "../../app/modules/errors";
import { createAppHandler } from "../../app/server/handler";
import { loadBuild, ORIGIN, TestBrowser, type Transport } from "../support/http";

/**
 * The app on a database that cannot be reached (nothing listens on port 1): every answer that
 * needed the database is a 503 with Retry-After — the API's JSON error or a page — never a 500.
 * (The faults suite, `npm run test:faults`, restarts a real cluster under load.)
 */
let unreachable: DbHandle;
let transport: Transport;

beforeAll(async () => {
  unreachable = await createDb({ kind: "postgres", url: "postgres://postgres@127.0.0.1:1/none" });
  const handler = createAppHandler({
    build: await loadBuild(),
    db: unreachable.db,
    config: loadConfig(),
    mode: "production",
  });
  transport = { origin: ORIGIN, send: (request, client) => handler(request, client) };
});

afterAll(() => unreachable.close());

describe("when the database cannot be reached", () => {
  it("answers a page with the 503 page and Retry-After", async () => {
    const response = await new TestBrowser(undefined, transport).get("/t/northwind/tickets");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("Temporarily unavailable");
    expect(html).not.toMatch(/ECONNREFUSED|at .*\.js/);
  });

  it("answers a form post with the 503 page", async () => {
    const response = await new TestBrowser(undefined, transport).post("/sign-in", {
      email: "someone@example.test",
      password: "not checked",
    });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("Temporarily unavailable");
  });

  it("answers the API with its JSON error shape, code unavailable", async () => {
    const token = formatApiKey(randomUUID(), randomUUID(), newApiKeySecret());
    const response = await new TestBrowser(undefined, transport).request("/api/v1/tickets", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({
      error: { code: "unavailable", message: expect.stringContaining("try again") },
    });
  });

  it("answers the client router's data requests with 503 too", async () => {
    const response = await new TestBrowser(undefined, transport).get("/t/northwind/tickets.data");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });
});

describe("isDatabaseUnavailable", () => {
  const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

  it("recognises lost and refused connections, however they are wrapped", () => {
    for (const error of [
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("57P03", "the database system is starting up"),
      withCode("08006"),
      withCode("ECONNREFUSED"),
      new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("wrapped", { cause: withCode("ECONNRESET") }),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it("leaves query errors and domain errors alone", () => {
    for (const error of [
      withCode("23505", "duplicate key value"),
      withCode("22P02", "invalid input syntax for type uuid"),
      withCode("40001", "could not serialize access"),
      new Error("boom"),
      new AppError("not_found", "No such ticket."),
      null,
      "Connection terminated",
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});
