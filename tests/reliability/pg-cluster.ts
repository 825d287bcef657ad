import { execFile, execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const BIN = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";
const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for fault tests: its own data directory, socket and log in a temp
 * folder, its own port, trust auth. PostgreSQL refuses to run as root, so when we are root every
 * command runs as the `postgres` user, who owns the folder. Commands run asynchronously: a load
 * driven from this process keeps going while the cluster stops and starts.
 */
export class ThrowawayCluster {
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  private destroyed = false;
  /** If this process ends without destroying it (a crash, Ctrl+C), the cluster still goes. */
  private readonly exitGuard = () => this.destroy();

  private constructor(readonly port: number) {
    this.dir = mkdtempSync(path.join(tmpdir(), "covenant-faults-"));
    this.dataDir = path.join(this.dir, "data");
    this.logFile = path.join(this.dir, "postgres.log");
    process.once("exit", this.exitGuard);
    if (process.getuid?.() === 0) {
      const { uid, gid } = postgresUser();
      chownSync(this.dir, uid, gid);
    }
  }

  /** initdb + start; on any failure the folder is removed again. */
  static async create(port: number) {
    const cluster = new ThrowawayCluster(port);
    try {
      await cluster.run("initdb", [
        "-D",
        cluster.dataDir,
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-instructions",
      ]);
      await cluster.start();
      return cluster;
    } catch (error) {
      cluster.destroy();
      throw error;
    }
  }

  url(database = "postgres") {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string) {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`create database "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  private async run(tool: string, args: string[]) {
    const command = path.join(BIN, tool);
    const asPostgres = process.getuid?.() === 0;
    await run(
      asPostgres ? "runuser" : command,
      asPostgres ? ["-u", "postgres", "--", command, ...args] : args,
      { timeout: 120_000 },
    );
  }

  private ctlArgs(args: string[]) {
    return ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", "60", ...args];
  }

  private ctl(args: string[]) {
    return this.run("pg_ctl", this.ctlArgs(args));
  }

  private options() {
    return `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  }

  /** Starts and waits until it accepts connections. */
  start() {
    return this.ctl(["start", "-o", this.options()]);
  }

  /** `pg_ctl restart -m fast`: sessions are terminated (57P01), then it starts again. */
  restartFast() {
    return this.ctl(["restart", "-m", "fast", "-o", this.options()]);
  }

  /** `pg_ctl stop -m immediate`: every process quits at once, as in a crash (recovery on start). */
  stopImmediate() {
    return this.ctl(["stop", "-m", "immediate"]);
  }

  /**
   * Stops it (if running) and deletes everything it wrote. Synchronous, so it also works from a
   * process 'exit' handler; safe to call twice.
   */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    process.off("exit", this.exitGuard);
    try {
      const command = path.join(BIN, "pg_ctl");
      const args = this.ctlArgs(["stop", "-m", "immediate"]);
      if (process.getuid?.() === 0)
        execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "ignore" });
      else execFileSync(command, args, { stdio: "ignore" });
    } catch {
      // not running (never started, or already stopped): nothing to stop
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function postgresUser() {
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}
