import type { ServerBuild } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../../app/config.server";
import { createAppHandler } from "../../app/server/handler";
import { testBuildDir } from "./build-dir";
import { testDb } from "./db";

export const ORIGIN = "http://covenant.test";

let handlerPromise: Promise<ReturnType<typeof createAppHandler>> | null = null;

/** The real built app (built once by the global setup) on this worker's test database. */
export function appHandler() {
  handlerPromise ??= (async () => {
    const build = (await import(
      pathToFileURL(path.resolve(testBuildDir(), "server/index.js")).href
    )) as ServerBuild;
    return createAppHandler({
      build,
      db: await testDb(),
      config: loadConfig(),
      mode: "production",
    });
  })();
  return handlerPromise;
}

export async function loadBuild() {
  return (await import(
    pathToFileURL(path.resolve(testBuildDir(), "server/index.js")).href
  )) as ServerBuild;
}

/** Where a TestBrowser's requests go: the in-process app, or a running server (`overHttp`). */
export type Transport = {
  origin: string;
  send: (request: Request, client: { address: string }) => Promise<Response>;
};

const inProcess: Transport = {
  origin: ORIGIN,
  send: async (request, client) => (await appHandler())(request, client),
};

/** Requests to a server listening at `origin` (the client address is then the socket's). */
export function overHttp(origin: string, opts: { timeoutMs?: number } = {}): Transport {
  return {
    origin,
    send: (request) =>
      fetch(request, opts.timeoutMs ? { signal: AbortSignal.timeout(opts.timeoutMs) } : {}),
  };
}

/** A minimal browser: a cookie jar, its own client address, and the CSRF token from its cookie. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly address = `test-${randomUUID()}`,
    readonly transport: Transport = inProcess,
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attrs] = header.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(pathname: string, init: RequestInit = {}) {
    const { origin, send } = this.transport;
    const headers = new Headers(init.headers);
    headers.set("host", new URL(origin).host);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const response = await send(
      new Request(new URL(pathname, origin), { ...init, headers, redirect: "manual" }),
      { address: this.address },
    );
    this.remember(response);
    return response;
  }

  get(pathname: string) {
    return this.request(pathname);
  }

  /** Ensures a CSRF cookie exists (as a first page view would). */
  async csrfToken() {
    if (!this.cookies.has("covenant_csrf")) await this.get("/sign-in");
    return this.cookies.get("covenant_csrf")!;
  }

  async post(
    pathname: string,
    fields: Record<string, string>,
    opts: { csrf?: boolean | string; origin?: string | null } = {},
  ) {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false)
      body.set("csrf", typeof opts.csrf === "string" ? opts.csrf : await this.csrfToken());
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    const origin = opts.origin === undefined ? this.transport.origin : opts.origin;
    if (origin) headers.origin = origin;
    return this.request(pathname, { method: "POST", body, headers });
  }

  /** A multipart/form-data POST (file uploads), with the CSRF token added like `post`. */
  async postMultipart(pathname: string, form: FormData, opts: { origin?: string | null } = {}) {
    if (!form.has("csrf")) form.set("csrf", await this.csrfToken());
    const origin = opts.origin === undefined ? this.transport.origin : opts.origin;
    return this.request(pathname, {
      method: "POST",
      body: form,
      headers: origin ? { origin } : {},
    });
  }

  async signIn(email: string, password: string, tenantSlug?: string) {
    const response = await this.post(tenantSlug ? `/t/${tenantSlug}/sign-in` : "/sign-in", {
      email,
      password,
    });
    if (response.status !== 302 && response.status !== 204) {
      throw new Error(`sign-in as ${email} failed with ${response.status}`);
    }
    return response;
  }
}

export async function signedIn(email: string, password: string) {
  const browser = new TestBrowser();
  await browser.signIn(email, password);
  return browser;
}
