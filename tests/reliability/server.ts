import { spawn, type ChildProcess } from "node:child_process";
import {
  closeSync,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildAppInto } from "../support/build-dir";

/**
 * The real server for the reliability suites (faults, soak): a production build in its own folder
 * (so it never races `npm test`'s or `npm start`'s builds), started as `npm start` starts it —
 * migrate, seed the demo on an empty database, serve, worker in-process — on its own port.
 */

/** Builds the app once into a fresh folder under node_modules/.cache; `remove` deletes it. */
export function buildForReliability() {
  const dir = path.resolve(
    `node_modules/.cache/covenant-reliability-build/${process.pid}-${Date.now()}`,
  );
  buildAppInto(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nobody listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  /** the server's own process id (node with tsx's loader, no wrapper process) */
  pid: number;
  origin: string;
  /** resolves with the exit code (or signal name) when the process ends */
  exited: Promise<number | string>;
  alive: () => boolean;
  /** the last lines it printed, for failure messages */
  logTail: (lines?: number) => string;
  /** the resident set size now, in bytes (from /proc/<pid>/status) */
  rssBytes: () => number;
  /** CPU time it has used so far (user + system), in seconds (from /proc/<pid>/stat) */
  cpuSeconds: () => number;
  /**
   * The V8 heap in use after each full (mark-compact) collection since the last call, in bytes,
   * from the `--trace-gc` lines it printed (none without `traceGc`): the live heap, without the
   * garbage that makes RSS a sawtooth. Only ordinary collections count: V8's memory reducer runs
   * "Mark-Compact (reduce)" when the process looks idle, flushing compiled code and bytecode as
   * well, so its figure (~18 MB here against ~60 MB for an ordinary one) is a different measure,
   * and mixing the two made a healthy server look as if its heap had tripled.
   */
  heapAfterNewMajorGcs: () => number[];
  /** SIGTERM (the server closes its pool and worker), SIGKILL after 15 s; then its logs go */
  stop: () => Promise<void>;
};

export type ServerOptions = {
  databaseUrl: string;
  buildDir: string;
  port?: number;
  /** COVENANT_WORKER: the background worker runs in the server process unless "off" */
  worker?: "on" | "off";
  env?: Record<string, string>;
  /** how long migrations + demo seed + start may take */
  readyTimeoutMs?: number;
  /** run node with --trace-gc, for `heapAfterLastMajorGc` */
  traceGc?: boolean;
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const logDir = mkdtempSync(path.join(tmpdir(), "covenant-server-log-"));
  const logFile = path.join(logDir, "server.log");
  const log = createWriteStream(logFile);
  // `node --import tsx` rather than the tsx CLI: the CLI runs the script in a child process, and
  // the pid we sample RSS from and signal must be the server's own.
  const nodeArgs = [...(options.traceGc ? ["--trace-gc"] : []), "--import", "tsx"];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "app/server/start.ts"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      VITEST: undefined,
      VITEST_POOL_ID: undefined,
      VITEST_WORKER_ID: undefined,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      COVENANT_BUILD_DIR: options.buildDir,
      COVENANT_WORKER: options.worker ?? "on",
      COVENANT_SECRET:
        process.env.COVENANT_SECRET ?? "covenant-reliability-secret-0123456789-abcdefghij",
      ...options.env,
    },
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  let ended = false;
  // If this process ends without stopping it (a crash, Ctrl+C), the server must not outlive it.
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  void exited.then(() => {
    ended = true;
    process.off("exit", orphanGuard);
  });
  const logTail = (lines = 40) => {
    try {
      return readFileSync(logFile, "utf8")
        .split("\n")
        .filter((line) => !/ ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor)/.test(line))
        .slice(-lines)
        .join("\n");
    } catch {
      return "(no log)";
    }
  };

  const server: RunningServer = {
    pid: child.pid!,
    origin,
    exited,
    alive: () => !ended,
    logTail,
    rssBytes: () => rssBytesOf(child.pid!),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    heapAfterNewMajorGcs: majorGcReader(logFile),
    async stop() {
      if (!ended) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(killer);
      }
      log.end();
      rmSync(logDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 240_000);
  for (;;) {
    if (ended) {
      const code = await exited;
      const tail = logTail();
      await server.stop();
      throw new Error(`the server exited (${code}) before it was ready:\n${tail}`);
    }
    try {
      const response = await fetch(`${origin}/sign-in`, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const tail = logTail();
      await server.stop();
      throw new Error(`the server was not ready within the time allowed:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** VmRSS of a process, in bytes. */
export function rssBytesOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return kb * 1024;
}

/** Clock ticks per second for /proc times: 100 on every Linux this runs on (USER_HZ). */
const USER_HZ = 100;

/** utime + stime of a process, in seconds. */
export function cpuSecondsOf(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at field 3; utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/**
 * `[pid:0x…]  123 ms: Mark-Compact 180.2 (200.1) -> 150.3 (201.0) MB, …` — the "after" size; the
 * memory reducer's `Mark-Compact (reduce)` lines do not match (see `heapAfterNewMajorGcs`).
 */
const MAJOR_GC = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g;

/** Reads a log incrementally: the heap sizes after the mark-compact lines added since last time. */
function majorGcReader(logFile: string) {
  let offset = 0;
  let carry = "";
  return () => {
    const found: number[] = [];
    const size = statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
    if (size > offset) {
      const buffer = Buffer.alloc(size - offset);
      const fd = openSync(logFile, "r");
      try {
        readSync(fd, buffer, 0, buffer.length, offset);
      } finally {
        closeSync(fd);
      }
      offset = size;
      const text = carry + buffer.toString("utf8");
      const lastLineEnd = text.lastIndexOf("\n");
      carry = text.slice(lastLineEnd + 1);
      for (const match of text.slice(0, lastLineEnd + 1).matchAll(MAJOR_GC))
        found.push(Number(match[1]) * 1024 * 1024);
    }
    return found;
  };
}
