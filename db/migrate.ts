import { createDb, dbOptionsFromEnv } from "../app/db.server";
import { migrateToLatest } from "./migrator";

const handle = await createDb(dbOptionsFromEnv());
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await handle.close();
}
