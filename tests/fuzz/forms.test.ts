import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { testDb } from "../support/db";
import { loadBuild, ORIGIN, type TestBrowser } from "../support/http";
import { routePatterns, urlFor } from "../support/routes";
import { PNG_BYTES } from "../support/tickets";
import { changedTables, digestTracker, fingerprinter } from "./fingerprint";
import { FORM_TARGETS, NOT_FORM_FUZZED, type FormTarget } from "./form-targets";
import { createFuzzTenant, Personas } from "./fuzz-tenant";
import { fuzzOptions, hostileText, leaksInternals } from "./hostile";
import { FuzzStats } from "./stats";
import { emptyKnowledge, learnForms, type FormKnowledge } from "./page-forms";

/**
 * Fuzz every form action of the app: for each route with an action, the signed-in people it is for
 * post what its own pages would post, with fields replaced by hostile values, dropped, repeated or
 * added, intents mixed up, as urlencoded, multipart and wrong content types, to the document URL and
 * to Remix's `.data` URL. Every answer must be below 500 without internals, and a refused request
 * (4xx, a redirect to sign-in, or a page re-rendered with an invalid field) must leave every row of
 * the tenant as it was.
 */

const RUNS_PER_TARGET = 10;
const build = await loadBuild();
const actionRoutes = routePatterns(build).filter((r) => r.hasAction);

let db: Db;
let digests: ReturnType<typeof digestTracker>;
let personas: Personas;
let stats: FuzzStats;

beforeAll(async () => {
  stats = new FuzzStats();
  db = await testDb();
  digests = digestTracker(await fingerprinter(db));
  personas = new Personas(db, await createFuzzTenant(db));
});

afterAll(() => {
  console.info(stats.summary("form fuzz"));
});

describe("form fuzz coverage", () => {
  it("has a fuzz target, or a reason, for every route with an action", () => {
    const covered = [...Object.keys(FORM_TARGETS), ...Object.keys(NOT_FORM_FUZZED)].sort();
    expect(covered).toEqual(actionRoutes.map((r) => r.pattern).sort());
  });
});

type FileSpec = { field: string; name: string; type: string; bytes: Uint8Array };
type Mutation =
  | { kind: "set" | "repeat"; field: string; value: string }
  | { kind: "drop"; field: string }
  | { kind: "extra"; field: string; value: string }
  | { kind: "intent"; value: string };
type Encoding = "urlencoded" | "multipart" | "text/plain" | "json" | "oversize";
type FuzzRequest = {
  template: number;
  mutations: Mutation[];
  encoding: Encoding;
  via: "document" | "data";
  files: FileSpec[];
};

const allIntents = new Set<string>();

function requestArbitrary(knowledge: FormKnowledge, target: FormTarget, intents: string[]) {
  const names = [
    ...new Set([
      "intent",
      ...knowledge.templates.flatMap((t) => t.entries.map(([n]) => n)),
      ...knowledge.choices.keys(),
      ...Object.keys(target.fields?.(personas.tenant) ?? {}),
    ]),
  ];
  const offered: Array<[string, string]> = [
    ...[...knowledge.choices].flatMap(([n, vs]) => [...vs].map((v) => [n, v] as [string, string])),
    ...Object.entries(target.fields?.(personas.tenant) ?? {}).flatMap(([n, vs]) =>
      vs.map((v) => [n, v] as [string, string]),
    ),
  ];
  const field = fc.constantFrom(...names);
  const value = offered.length
    ? fc.oneof(
        hostileText,
        fc.constantFrom(...offered).map(([, v]) => v),
      )
    : hostileText;
  const intent = fc.oneof(
    { weight: 3, arbitrary: intents.length ? fc.constantFrom(...intents) : hostileText },
    { weight: 1, arbitrary: fc.constantFrom(...allIntents, "") },
    { weight: 1, arbitrary: hostileText },
  );
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant("set" as const), field, value }) },
    offered.length
      ? {
          weight: 2,
          arbitrary: fc
            .constantFrom(...offered)
            .map(([f, v]): Mutation => ({ kind: "set", field: f, value: v })),
        }
      : { weight: 0, arbitrary: fc.constant<Mutation>({ kind: "drop", field: "none" }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("drop" as const), field }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("repeat" as const), field, value }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("extra" as const),
        field: fc.oneof(hostileText, fc.constantFrom("__proto__", "constructor", "csrf[]")),
        value: hostileText,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("intent" as const), value: intent }) },
  );
  const fileFields = [
    ...new Set(["attachments", "file", ...knowledge.templates.flatMap((t) => t.fileFields)]),
  ];
  const file: fc.Arbitrary<FileSpec> = fc.record({
    field: fc.constantFrom(...fileFields),
    name: fc.oneof(
      fc.constantFrom("a.png", "holidays.ics", "", "../../x.sh", "x".repeat(300)),
      hostileText,
    ),
    type: fc.constantFrom(
      "image/png",
      "text/calendar",
      "application/octet-stream",
      "",
      "text/html",
    ),
    bytes: fc.oneof(
      fc.constant(PNG_BYTES),
      fc.uint8Array({ maxLength: 2_000 }),
      fc
        .constantFrom(
          "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:X\r\nEND:VEVENT\r\nEND:VCALENDAR",
          "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:99999999\r\nEND:VEVENT\r\nEND:VCALENDAR",
          "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\nSUMMARY:\u0000\r\nEND:VEVENT",
          "<svg onload=alert(1)>",
        )
        .map((s) => new TextEncoder().encode(s)),
    ),
  });
  return fc.record<FuzzRequest>({
    template: fc.nat({ max: knowledge.templates.length }),
    // Mostly one change to a valid submission (to get past the first check), sometimes several.
    mutations: fc.oneof(
      { weight: 3, arbitrary: mutation.map((m) => [m]) },
      { weight: 2, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 4 }) },
    ),
    encoding: fc.oneof(
      { weight: 8, arbitrary: fc.constant<Encoding>("urlencoded") },
      { weight: 5, arbitrary: fc.constant<Encoding>("multipart") },
      { weight: 1, arbitrary: fc.constantFrom<Encoding>("text/plain", "json") },
      { weight: 1, arbitrary: fc.constant<Encoding>("oversize") },
    ),
    via: fc.constantFrom("document", "data", "data"),
    files: fc.array(file, { maxLength: 2 }),
  });
}

function entriesOf(knowledge: FormKnowledge, request: FuzzRequest) {
  let entries = [...(knowledge.templates[request.template]?.entries ?? [])];
  for (const m of request.mutations) {
    if (m.kind === "set" || m.kind === "drop")
      entries = entries.filter(([name]) => name !== m.field);
    if (m.kind === "intent") entries = entries.filter(([name]) => name !== "intent");
    if (m.kind === "set" || m.kind === "repeat" || m.kind === "extra")
      entries.push([m.field, m.value]);
    if (m.kind === "intent") entries.push(["intent", m.value]);
  }
  return entries;
}

async function send(
  browser: TestBrowser,
  url: string,
  entries: Array<[string, string]>,
  request: FuzzRequest,
) {
  const token = await browser.csrfToken();
  const target = new URL(url, ORIGIN);
  if (request.via === "data") target.pathname += ".data";
  const headers: Record<string, string> = { origin: ORIGIN };
  let body: BodyInit;
  if (request.encoding === "multipart") {
    const form = new FormData();
    form.append("csrf", token);
    for (const [name, value] of entries) form.append(name, value);
    for (const f of request.files)
      form.append(f.field, new Blob([Uint8Array.from(f.bytes)], { type: f.type }), f.name);
    body = form;
  } else if (request.encoding === "text/plain" || request.encoding === "json") {
    headers["x-csrf-token"] = token;
    headers["content-type"] = request.encoding === "json" ? "application/json" : "text/plain";
    body =
      request.encoding === "json"
        ? JSON.stringify(Object.fromEntries(entries))
        : entries.map(([n, v]) => `${n}=${v}`).join("\n");
  } else {
    const params = new URLSearchParams([["csrf", token], ...entries]);
    if (request.encoding === "oversize") params.append("padding", "x".repeat(1_100_000));
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = params;
  }
  return browser.request(target.pathname + target.search, { method: "POST", body, headers });
}

function describeRequest(entries: Array<[string, string]>, request: FuzzRequest) {
  const shown = entries.map(
    ([n, v]) => `${n}=${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v)}`,
  );
  const files = request.files.map(
    (f) => `${f.field}:file(${JSON.stringify(f.name.slice(0, 40))}, ${f.bytes.length} B)`,
  );
  return `${request.via} ${request.encoding} {${[...shown, ...files].join(", ")}}`;
}

/** Where requireMembership sends a request without a valid session (a refusal, not a sign-out). */
const SIGN_IN_FIRST = /\/sign-in\?redirectTo=/;
const SIGNED_OUT = /\/sign-in(\?|$)/;

/** Pages whose forms post to the target, read as the persona sees them. */
async function learn(browser: TestBrowser, target: FormTarget, url: string, hasComponent: boolean) {
  const knowledge = emptyKnowledge();
  const { slug } = personas.tenant;
  const pages =
    target.harvest?.(personas.tenant).map((p) => `/t/${slug}/${p}`) ?? (hasComponent ? [url] : []);
  const wanted = new URL(url, ORIGIN);
  for (const page of pages) {
    const response = await browser.get(page);
    const html = await response.text();
    learnForms(
      html,
      (action) => {
        const posted = new URL(action, new URL(page, ORIGIN));
        return (
          posted.pathname === wanted.pathname &&
          posted.searchParams.has("index") === wanted.searchParams.has("index")
        );
      },
      knowledge,
    );
  }
  for (const v of knowledge.choices.get("intent") ?? []) allIntents.add(v);
  return knowledge;
}

const cases = actionRoutes.flatMap((route) =>
  (FORM_TARGETS[route.pattern]?.as ?? []).map((persona) => ({ route, persona })),
);

describe("every form action, fuzzed", () => {
  it.each(cases.map((c) => [`${c.route.pattern} as ${c.persona}`, c] as const))(
    "%s: never a 5xx, never a changed row after a refusal",
    async (_name, { route, persona }) => {
      const target = FORM_TARGETS[route.pattern]!;
      if (!(await personas.healthy(persona)))
        personas = new Personas(db, await createFuzzTenant(db));
      const formsExpected = route.hasComponent && !target.noForms?.includes(persona);
      const prepare = async () => {
        const path = target.url?.(personas.tenant) ?? urlFor(route.pattern, personas.tenant);
        const url = route.index ? `${path}?index` : path;
        const browser = await personas.browser(persona);
        return { url, knowledge: await learn(browser, target, url, route.hasComponent) };
      };
      let { url, knowledge } = await prepare();
      if (formsExpected && knowledge.templates.length === 0) {
        // Earlier targets' accepted requests may have ended what this page needs (a contract, a
        // request type): start again from a fresh tenant rather than fuzz with no forms.
        personas = new Personas(db, await createFuzzTenant(db));
        ({ url, knowledge } = await prepare());
      }
      if (formsExpected)
        expect(knowledge.templates.length, `forms of ${url} that post to it`).toBeGreaterThan(0);
      const tenant = personas.tenant;
      const intents = [
        ...new Set([...(knowledge.choices.get("intent") ?? []), ...(target.intents ?? [])]),
      ];
      const runs = Math.max(1, Math.round(RUNS_PER_TARGET * (target.weight ?? 1)));
      digests.reset();
      await fc.assert(
        fc.asyncProperty(requestArbitrary(knowledge, target, intents), async (request) => {
          const browser = await personas.browser(persona);
          const entries = entriesOf(knowledge, request);
          const before = await digests.before(tenant.id);
          const response = await send(browser, url, entries, request);
          const text = await response.text();
          const after = await digests.after(tenant.id);
          const location = response.headers.get("location") ?? "";
          const what = `${route.pattern} as ${persona}: ${describeRequest(entries, request)} → ${response.status} ${location} ${text.slice(0, 300)}`;
          if (
            persona !== "anonymous" &&
            (SIGNED_OUT.test(location) ||
              ![...browser.cookies.keys()].some((k) => k.includes("session-token")))
          )
            personas.forget(persona);
          expect(response.status, what).toBeLessThan(500);
          expect(leaksInternals(text), `internals shown: ${what}`).toBe(false);
          const refused =
            response.status >= 400 ||
            (response.status >= 300 && SIGN_IN_FIRST.test(location)) ||
            (request.via === "document" &&
              response.status === 200 &&
              text.includes('aria-invalid="true"'));
          stats.count(response.status, refused);
          if (refused) {
            expect(
              changedTables(before, after),
              `rows changed by a refused request: ${what}`,
            ).toEqual([]);
          }
        }),
        fuzzOptions(runs, `${route.pattern} ${persona}`),
      );
    },
  );
});
