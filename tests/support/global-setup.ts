import pg from "pg";
import { createDb } from "../../app/db.server";
import { migrateToLatest } from "../../db/migrator";
import { rmSync } from "node:fs";
import { buildAppInto } from "./build-dir";

/**
 * Once per `npm test`: build the app (HTTP tests drive the real build) and, on real PostgreSQL,
 * create and migrate the test database. The embedded database is created per worker instead.
 */
export default async function setup() {
  const buildDir = `node_modules/.cache/covenant-test-build/${process.pid}-${Date.now()}`;
  process.env.COVENANT_TEST_BUILD_DIR = buildDir;
  buildAppInto(buildDir);

  const teardown = () => rmSync(buildDir, { recursive: true, force: true });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return teardown;
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
  if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  await client.end();
  const handle = await createDb({ kind: "postgres", url, poolSize: 2 });
  await migrateToLatest(handle.db);
  await handle.close();
  return teardown;
}
