import { openScriptDb } from "../../app/db.server";
import { migrateToLatest } from "../migrator";
import { DEMO_PASSWORD, DEMO_SIGN_INS, hasAnyTenant, seedDemo } from "./demo";

const handle = await openScriptDb();
try {
  await migrateToLatest(handle.db);
  if (await hasAnyTenant(handle.db)) {
    console.log(
      "The database already has tenants: demo data not added (it is only seeded into an empty database).",
    );
  } else {
    await seedDemo(handle.db);
    console.log(`Demo data added. Password for every demo account: ${DEMO_PASSWORD}`);
    for (const s of DEMO_SIGN_INS) console.log(`  ${s.email.padEnd(26)} ${s.what}`);
  }
} finally {
  await handle.close();
}
