import { sql, type Kysely } from "kysely";

/*
 * The policies' setting readers (app_tenant_id, app_customer_id, app_user_id) become inlinable.
 *
 * PostgreSQL never inlines a SQL function that carries a SET clause, so with `set search_path` each
 * `(select app_tenant_id())` in a policy ran as a real function call with a GUC save and restore:
 * 15–110 µs per init plan, and a queue page's policies have about twenty (issue 8, benchmark 3:
 * RLS cost). Inlined, each is a constant-time expression (under 1 µs).
 *
 * The pinned search_path was there so that the body could not be redirected by a caller's schema
 * objects; the body now names everything it uses in pg_catalog (nullif is syntax, not a lookup),
 * which gives the same guarantee at inlining time. These are not security definer functions.
 */
export async function up(db: Kysely<unknown>) {
  await sql`
    create or replace function app_tenant_id() returns uuid language sql stable
      as $f$ select nullif(pg_catalog.current_setting('app.tenant_id', true), '')::pg_catalog.uuid $f$;
    create or replace function app_customer_id() returns uuid language sql stable
      as $f$ select nullif(pg_catalog.current_setting('app.customer_id', true), '')::pg_catalog.uuid $f$;
    create or replace function app_user_id() returns uuid language sql stable
      as $f$ select nullif(pg_catalog.current_setting('app.user_id', true), '')::pg_catalog.uuid $f$;
  `.execute(db);
}

export async function down() {
  throw new Error("0011_inline_tenant_settings cannot be reverted");
}
