import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import { createCalendar } from "../../app/modules/sla/create-calendar.server";
import {
  getCalendar,
  listCalendars,
  loadEngineCalendar,
} from "../../app/modules/sla/calendars.server";
import { addHoliday, importHolidays, removeHoliday } from "../../app/modules/sla/holidays.server";
import { calendarSchema } from "../../app/modules/sla/schemas";
import { updateCalendar } from "../../app/modules/sla/update-calendar.server";
import { createTenant } from "../../app/modules/tenancy/create-tenant.server";
import { testDb } from "../support/db";
import { createTestTenant, uniqueSlug, type TestTenant } from "../support/factories";
import { allDay, ics } from "./ics-fixtures";

let db: Db;
let t: TestTenant;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
});

const adminOf = (tenant: TestTenant) => ({
  ctx: { tenantId: tenant.id, userId: tenant.people.admin.userId },
  actor: { userId: tenant.people.admin.userId, label: "Test Admin" },
});

const form = (fields: Record<string, string>) =>
  calendarSchema.parse({ timeZone: "Europe/London", ...fields });

describe("business calendars", () => {
  it("gives every new tenant a built-in 24x7 calendar that cannot be changed or given holidays", async () => {
    const slug = uniqueSlug("cal");
    const { tenant } = await createTenant(db, SYSTEM_ACTOR, {
      name: "Fresh CSP",
      slug,
      adminEmail: `admin@${slug}.test`,
    });
    const calendars = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      listCalendars(trx, tenant.id),
    );
    expect(calendars).toHaveLength(1);
    expect(calendars[0]).toMatchObject({ name: "24x7", is_24x7: true });
    const engine = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      loadEngineCalendar(trx, tenant.id, calendars[0]!.id),
    );
    expect(engine).toBe("24x7");

    const always = (
      await withTenant(db, { tenantId: t.id }, (trx) => listCalendars(trx, t.id))
    ).find((c) => c.is_24x7)!;
    await expect(
      updateCalendar(db, adminOf(t), always.id, form({ name: "Not 24x7", mon: "09:00-17:00" })),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      addHoliday(db, adminOf(t), always.id, { date: "2026-12-25", name: "Christmas" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("creates and edits a calendar (audited) and feeds the engine the edited hours", async () => {
    const created = await createCalendar(
      db,
      adminOf(t),
      form({
        name: "Night desk",
        timeZone: "America/New_York",
        mon: "22:00-06:00",
        tue: "22:00-06:00",
      }),
    );
    expect(created.weekly["1"]).toEqual([["22:00", "06:00"]]);
    await updateCalendar(
      db,
      adminOf(t),
      created.id,
      form({
        name: "Night desk",
        timeZone: "America/New_York",
        mon: "20:00-04:00",
        fri: "09:00-12:00, 13:00-17:00",
      }),
    );
    const engine = await withTenant(db, { tenantId: t.id }, (trx) =>
      loadEngineCalendar(trx, t.id, created.id),
    );
    expect(engine).toMatchObject({
      timeZone: "America/New_York",
      weekly: {
        1: [["20:00", "04:00"]],
        2: [],
        5: [
          ["09:00", "12:00"],
          ["13:00", "17:00"],
        ],
      },
    });
    const audit = await withTenant(db, { tenantId: t.id }, (trx) =>
      trx
        .selectFrom("audit_events")
        .select(["action", "before", "after"])
        .where("entity_id", "=", created.id)
        .orderBy("at")
        .execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(["calendar.created", "calendar.updated"]);
    expect(audit[1]!.before).toMatchObject({ weekly: { "1": [["22:00", "06:00"]] } });
    expect(audit[1]!.after).toMatchObject({ weekly: { "1": [["20:00", "04:00"]] } });
  });

  it("refuses a second calendar with the same name (any case) with a generic conflict", async () => {
    await createCalendar(db, adminOf(t), form({ name: "Support desk", mon: "08:00-18:00" }));
    await expect(
      createCalendar(db, adminOf(t), form({ name: "SUPPORT DESK", mon: "08:00-18:00" })),
    ).rejects.toMatchObject({
      code: "conflict",
      message: "A calendar with that name already exists.",
      details: { field: "name" },
    });
  });

  it("adds, refuses a duplicate of, and removes holidays", async () => {
    const admin = adminOf(t);
    const holiday = await addHoliday(db, admin, t.calendarId, {
      date: "2026-08-31",
      name: "Summer bank holiday",
    });
    await expect(
      addHoliday(db, admin, t.calendarId, { date: "2026-08-31", name: "Again" }),
    ).rejects.toMatchObject({
      code: "conflict",
      details: { field: "date" },
    });
    let engine = await withTenant(db, { tenantId: t.id }, (trx) =>
      loadEngineCalendar(trx, t.id, t.calendarId),
    );
    expect(engine).toMatchObject({ holidays: ["2026-08-31", "2026-12-25"] });
    await removeHoliday(db, admin, t.calendarId, holiday.id);
    engine = await withTenant(db, { tenantId: t.id }, (trx) =>
      loadEngineCalendar(trx, t.id, t.calendarId),
    );
    expect(engine).toMatchObject({ holidays: ["2026-12-25"] });
    await expect(removeHoliday(db, admin, t.calendarId, holiday.id)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("imports all-day events from an .ics file, keeping dates it already has, and refuses a bad file", async () => {
    const other = await createTestTenant(db);
    const result = await importHolidays(
      db,
      adminOf(other),
      other.calendarId,
      ics(
        allDay("2026-12-25", "Christmas Day"),
        allDay("2026-12-28", "Boxing Day (substitute day)"),
        allDay("2027-01-01", "New Year's Day"),
      ),
      new Date("2026-11-01T00:00:00Z"),
    );
    expect(result).toEqual({ added: 2, alreadyThere: 1, skippedTimed: 0 });
    const holidays = await withTenant(db, { tenantId: other.id }, async (trx) => {
      await getCalendar(trx, other.id, other.calendarId);
      return trx
        .selectFrom("calendar_holidays")
        .select(["date", "name"])
        .where("calendar_id", "=", other.calendarId)
        .orderBy("date")
        .execute();
    });
    expect(holidays).toEqual([
      { date: "2026-12-25", name: "Christmas Day" },
      { date: "2026-12-28", name: "Boxing Day (substitute day)" },
      { date: "2027-01-01", name: "New Year's Day" },
    ]);
    await expect(
      importHolidays(db, adminOf(other), other.calendarId, "not a calendar"),
    ).rejects.toMatchObject({ code: "validation", details: { field: "file" } });
  });

  it("does not find another tenant's calendar", async () => {
    const other = await createTestTenant(db);
    await expect(
      addHoliday(db, adminOf(t), other.calendarId, { date: "2026-05-04", name: "Intrusion" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      updateCalendar(
        db,
        adminOf(t),
        other.calendarId,
        form({ name: "Mine now", mon: "09:00-17:00" }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
