import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { testDb } from "./support/db";

/** db/schema.ts is maintained by hand: this keeps it exactly in step with the migrations. */
function declaredColumns() {
  const source = readFileSync("db/schema.ts", "utf8");
  const interfaces = new Map<string, string[]>();
  for (const match of source.matchAll(/export interface (\w+) \{([^}]*)\}/g)) {
    const fields = [...match[2]!.matchAll(/^\s*(\w+)\??:/gm)].map((m) => m[1]!);
    interfaces.set(match[1]!, fields);
  }
  const database = interfaces.get("Database")!;
  const tables = new Map<string, string[]>();
  for (const match of source
    .match(/export interface Database \{([^}]*)\}/)![1]!
    .matchAll(/(\w+): (\w+);/g)) {
    tables.set(match[1]!, [...(interfaces.get(match[2]!) ?? [])].sort());
  }
  expect(tables.size).toBe(database.length);
  return tables;
}

it("declares exactly the tables and columns the migrations create", async () => {
  const db = await testDb();
  const { rows } = await sql<{ table: string; column: string }>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by 1, 2`.execute(db);
  const actual = new Map<string, string[]>();
  for (const r of rows) actual.set(r.table, [...(actual.get(r.table) ?? []), r.column]);
  for (const [table, columns] of actual) actual.set(table, columns.sort());
  expect(Object.fromEntries(declaredColumns())).toEqual(Object.fromEntries(actual));
});
