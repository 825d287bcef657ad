import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../app/db.server";

const root = mkdtempSync(path.join(tmpdir(), "covenant-embedded-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the embedded database folder", () => {
  it("keeps its data from one opening to the next, and is open in one place at a time", async () => {
    const dataDir = path.join(root, "pglite");
    const first = await createDb({ kind: "embedded", dataDir });
    await sql`create table kept (note text)`.execute(first.db);
    await sql`insert into kept values ('still here')`.execute(first.db);
    // What `npm run tenant:create` beside a running `npm start` would do: refused, with the way out.
    await expect(createDb({ kind: "embedded", dataDir })).rejects.toThrow(
      /already open .*Stop it first, or run both on a PostgreSQL server \(DATABASE_URL\)/,
    );
    await first.close();

    const again = await createDb({ kind: "embedded", dataDir });
    const rows = await sql<{ note: string }>`select note from kept`.execute(again.db);
    expect(rows.rows).toEqual([{ note: "still here" }]);
    await again.close();
  }, 60_000);

  it("refuses a folder another running process holds, and takes over one whose process has ended", async () => {
    const dataDir = path.join(root, "shared");
    const lock = `${dataDir}.lock`;
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(lock, String(holder.pid));
      await expect(createDb({ kind: "embedded", dataDir })).rejects.toThrow(
        `already open (process ${holder.pid}`,
      );
    } finally {
      holder.kill();
    }
    const ended = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    writeFileSync(lock, String(ended));
    const handle = await createDb({ kind: "embedded", dataDir });
    await handle.close();
  }, 60_000);
});
