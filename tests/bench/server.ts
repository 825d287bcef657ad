/*
 * A real Covenant server for the HTTP benchmarks: `app/server/start.ts` as production (its own
 * build folder, so a build here never replaces a running server's), the worker off, one Node
 * process — and an agent signed in through Auth.js, as a browser would be.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { onCleanup, SCALE_PASSWORD } from "./shared";

const BUILD_DIR = path.resolve("node_modules/.cache/covenant-bench-build");
const START_TIMEOUT_MS = 180_000;

export type BenchServer = { origin: string; pid: number; process: ChildProcess };

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, "close");
  return port;
}

async function waitUntilServing(origin: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode}:\n${output().slice(-2000)}`);
    try {
      const response = await fetch(`${origin}/sign-in`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

let started: Promise<BenchServer> | null = null;

/**
 * The server on a free loopback port, started once per run and stopped at the end. It runs as one
 * process (`node --import tsx`, not the tsx launcher, which would fork a child), so its pid is the
 * server's; BENCH_SERVER_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=bench/prof"
 * to profile the request path.
 */
export function benchServer(databaseUrl: string, log: (m: string) => void): Promise<BenchServer> {
  started ??= (async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    log(`starting the server on ${origin} (production build in ${path.relative(".", BUILD_DIR)})…`);
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const args = [...nodeArgs, "--import", "tsx", "app/server/start.ts"];
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        COVENANT_WORKER: "off",
        COVENANT_BUILD_DIR: BUILD_DIR,
        COVENANT_SECRET: process.env.COVENANT_SECRET ?? randomBytes(36).toString("base64url"),
        NODE_ENV: "production",
        STRIPE_MOCK: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    process.on("exit", () => child.kill("SIGKILL"));
    onCleanup(async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const exited = once(child, "exit");
      const timeout = new Promise((resolve) => setTimeout(resolve, 10_000));
      await Promise.race([exited, timeout]);
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    const t0 = Date.now();
    await waitUntilServing(origin, child, () => output);
    log(`  serving after ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${child.pid})`);
    return { origin, pid: child.pid!, process: child };
  })();
  return started;
}

/** Name=value pairs of a response's Set-Cookie headers (expired ones left out). */
function cookiesOf(response: Response) {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0]!;
    const index = pair.indexOf("=");
    const value = pair.slice(index + 1).trim();
    if (value && !/max-age=0/i.test(header)) jar.set(pair.slice(0, index).trim(), value);
  }
  return jar;
}

const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

const sessions = new Map<string, Promise<string>>();

/** The Cookie header of `email` signed in on this server (signed in once per run). */
export function signedIn(server: BenchServer, email: string) {
  const key = `${server.origin} ${email}`;
  let cookie = sessions.get(key);
  if (!cookie) {
    cookie = signIn(server.origin, email);
    sessions.set(key, cookie);
    cookie.catch(() => sessions.delete(key));
  }
  return cookie;
}

/**
 * Signs in through Auth.js (GET /auth/csrf, POST /auth/callback/credentials) and returns the
 * Cookie header a signed-in browser sends.
 */
export async function signIn(origin: string, email: string, password = SCALE_PASSWORD) {
  const csrf = await fetch(`${origin}/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${origin}/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(jar) },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  await response.arrayBuffer();
  for (const [k, v] of cookiesOf(response)) jar.set(k, v);
  const location = response.headers.get("location") ?? "";
  if (response.status !== 302 || /error/i.test(location) || !jar.has("authjs.session-token"))
    throw new Error(`signing in as ${email} failed (${response.status} ${location})`);
  return header(jar);
}
