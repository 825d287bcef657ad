/**
 * npm run tenant:create -- --name "Acme Cloud" --slug acme --admin-email admin@acme.example [--admin-password …]
 * Creates a tenant and its first admin (an invitation link unless a password is given).
 */
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { openScriptDb } from "../db.server";
import { migrateToLatest } from "../../db/migrator";
import { AppError } from "../modules/errors";
import { hashPassword } from "../modules/auth/passwords.server";
import { newPasswordSchema } from "../modules/auth/schemas";
import { createTenant } from "../modules/tenancy/create-tenant.server";
import { publicUrl } from "../modules/email/public-url";

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    slug: { type: "string" },
    "admin-email": { type: "string" },
    "admin-password": { type: "string" },
    "base-url": { type: "string", default: publicUrl() },
  },
});

if (!values.name || !values.slug || !values["admin-email"]) {
  console.error(
    'Usage: npm run tenant:create -- --name "Acme Cloud" --slug acme --admin-email admin@acme.example [--admin-password …]',
  );
  process.exit(2);
}

const handle = await openScriptDb();
try {
  await migrateToLatest(handle.db);
  const password = values["admin-password"];
  if (password) newPasswordSchema.parse(password);
  const { tenant, invitationPath } = await createTenant(
    handle.db,
    { userId: null, label: "cli tenant:create" },
    {
      name: values.name,
      slug: values.slug,
      adminEmail: values["admin-email"],
      adminPasswordHash: password ? await hashPassword(password) : null,
    },
  );
  console.log(`Created tenant "${tenant.name}" (/t/${tenant.slug}).`);
  console.log(
    invitationPath
      ? `Send the first admin this invitation link: ${new URL(invitationPath, values["base-url"])}`
      : "The admin can sign in now.",
  );
} catch (error) {
  if (error instanceof ZodError) {
    for (const issue of error.issues)
      console.error(`${issue.path.join(".") || "password"}: ${issue.message}`);
    process.exitCode = 2;
  } else if (error instanceof AppError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    throw error;
  }
} finally {
  await handle.close();
}
