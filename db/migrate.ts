import { openScriptDb } from "../app/db.server";
import { migrateToLatest } from "./migrator";

const handle = await openScriptDb();
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await handle.close();
}
