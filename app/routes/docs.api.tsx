import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requestsPerMinute } from "~/modules/api/authenticate.server";
import { API_ENDPOINTS } from "~/modules/api/endpoints.server";
import { buildOpenApi } from "~/modules/api/openapi";
import { API_SCOPES } from "~/modules/api/scopes";
import { RETRY_DELAYS_SECONDS } from "~/modules/webhooks/deliver-webhooks.server";
import { SIGNATURE_HEADER, WEBHOOK_EVENTS } from "~/modules/webhooks/events";

export const meta: MetaFunction = () => [{ title: "API · Covenant" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  return {
    doc: buildOpenApi(API_ENDPOINTS, `${origin}/api/v1`),
    origin,
    rateLimit: requestsPerMinute(),
    retries: RETRY_DELAYS_SECONDS.length,
  };
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
  anyOf?: JsonSchema[];
};

type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  "x-required-scope": string;
  parameters: Array<{
    name: string;
    in: string;
    required: boolean;
    description?: string;
    schema: JsonSchema;
  }>;
  requestBody?: { content: { "application/json": { schema: unknown } } };
  responses: Record<
    string,
    { description: string; content: { "application/json": { schema: unknown } } }
  >;
};

/** "`status` is open" → status in <code>; descriptions use backticks for names. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part || null))}
    </>
  );
}

/** A parameter's type in a few words: "one of open, all, …", "uuid", "integer 1–100". */
function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  if (schema.enum) return `one of ${schema.enum.join(", ")}`;
  if (schema.const !== undefined) return String(schema.const);
  const base = schema.format ?? (Array.isArray(schema.type) ? schema.type.join("/") : schema.type);
  const max =
    schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER
      ? schema.maximum
      : undefined;
  if (schema.minimum !== undefined && max !== undefined) return `${base} ${schema.minimum}–${max}`;
  if (schema.maxLength !== undefined && !schema.format)
    return `${base}, up to ${schema.maxLength} characters`;
  return base ?? "any";
}

function Code({ children }: { children: string }) {
  return (
    <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-4 text-xs text-slate-100">
      {children}
    </pre>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="mt-8">
      <h2 className="text-xl font-semibold">{title}</h2>
      <div className="mt-2 flex flex-col gap-2 text-sm text-slate-700">{children}</div>
    </section>
  );
}

function SchemaDetails({ label, schema }: { label: string; schema: unknown }) {
  return (
    <details className="mt-3 text-xs">
      <summary className="cursor-pointer">{label}</summary>
      <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2">
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}

export default function ApiDocs() {
  const { doc, origin, rateLimit, retries } = useLoaderData<typeof loader>();
  const api = `${origin}/api/v1`;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as unknown as Record<string, Operation>).map(([method, op]) => ({
      path,
      method,
      op,
    })),
  );
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-3xl font-bold">Covenant API v1</h1>
      <p className="mt-3 text-slate-700">
        Everything a portal user does with tickets is scriptable. The machine-readable description
        is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1, generated from
        the same schemas that validate requests). Contents: <a href="#keys">keys</a>,{" "}
        <a href="#quick-start">quick start</a>, <a href="#pagination">pagination</a>,{" "}
        <a href="#errors">errors</a>, <a href="#alertmanager">Alertmanager</a>,{" "}
        <a href="#webhooks">outbound webhooks</a>, <a href="#operations">operations</a>.
      </p>

      <Section title="API keys">
        <p id="keys">
          A tenant admin creates keys under <em>Settings → API keys</em> (
          <code>/t/&lt;tenant&gt;/api-keys</code>): a name and one or more scopes. The key is shown
          once — copy it then; only a hash is stored. The list shows when each key was last used,
          and revoking a key stops it at once. Send it on every request as{" "}
          <code>Authorization: Bearer cov_…</code>. A key works inside its own tenant only, acting
          as the admin who created it (it stops working if they are deactivated).
        </p>
        <ul className="list-disc pl-6">
          {API_SCOPES.map((s) => (
            <li key={s.scope}>
              <code>{s.scope}</code> — {s.label}
            </li>
          ))}
        </ul>
      </Section>

      <Section title="Quick start">
        <p id="quick-start">
          Check the key, find a customer and what can be raised for it, raise an incident, then work
          it (ids below are placeholders for the ones your calls return).
        </p>
        <Code>{`export COVENANT_KEY=cov_…
curl -H "Authorization: Bearer $COVENANT_KEY" ${api}/me
curl -H "Authorization: Bearer $COVENANT_KEY" ${api}/customers
curl -H "Authorization: Bearer $COVENANT_KEY" ${api}/customers/$CUSTOMER_ID/intake

curl -H "Authorization: Bearer $COVENANT_KEY" -H "Content-Type: application/json" \\
  -d '{"kind":"incident","customerId":"'$CUSTOMER_ID'","serviceId":"'$SERVICE_ID'",
       "impact":"high","urgency":"medium","subject":"Checkout is down"}' \\
  ${api}/tickets

curl -H "Authorization: Bearer $COVENANT_KEY" ${api}/tickets/INC-000042
curl -H "Authorization: Bearer $COVENANT_KEY" ${api}/assignees
curl -X PATCH -H "Authorization: Bearer $COVENANT_KEY" -H "Content-Type: application/json" \\
  -d '{"status":"in_progress","assigneeMembershipId":"'$MEMBERSHIP_ID'"}' \\
  ${api}/tickets/INC-000042
curl -H "Authorization: Bearer $COVENANT_KEY" -H "Content-Type: application/json" \\
  -d '{"body":"We are on it.","visibility":"public"}' \\
  ${api}/tickets/INC-000042/comments
curl -H "Authorization: Bearer $COVENANT_KEY" "${api}/reports/sla?month=2026-03"`}</Code>
        <p>
          Bodies are JSON (<code>Content-Type: application/json</code>). Unknown fields and query
          parameters are refused with the field named, so a misspelling never goes unnoticed. Times
          are ISO 8601 in UTC; SLA minutes are business minutes of the ticket&apos;s SLA calendar.
        </p>
      </Section>

      <Section title="Pagination">
        <p id="pagination">
          <code>GET /tickets</code> answers a page (<code>limit</code> 1–100, default 50) and a{" "}
          <code>nextCursor</code>. Repeat the request with the same filters and{" "}
          <code>cursor=&lt;nextCursor&gt;</code> until <code>nextCursor</code> is null. A cursor
          this API did not return is refused (400).
        </p>
      </Section>

      <Section title="Errors and limits">
        <p id="errors">
          Every error has the same shape,{" "}
          <code>{`{ "error": { "code", "message", "field"? } }`}</code>: 400 malformed request (a
          bad path or query parameter, invalid JSON; <code>field</code> is e.g.{" "}
          <code>query.limit</code>), 401 missing, malformed or revoked key, 403 the key lacks the
          scope, 404 unknown id (or another tenant&apos;s), 405 method not allowed, 409 conflict
          with the ticket&apos;s state (nothing was changed), 413 body over the size limit, 415 body
          not <code>application/json</code>, 422 the body failed validation (<code>field</code>{" "}
          names it, e.g. <code>subject</code>), 429 rate limited.
        </p>
        <p>
          Each key may make {rateLimit} requests a minute; past that the answer is 429 with{" "}
          <code>Retry-After</code> (seconds).
        </p>
      </Section>

      <Section title="Prometheus Alertmanager">
        <p id="alertmanager">
          Create a key with the <code>alerts:ingest</code> scope and add <em>alert routes</em> (
          <code>/t/&lt;tenant&gt;/alert-routes</code>): label matchers that pick the customer and
          service of the incident. Then point a webhook receiver at Covenant:
        </p>
        <Code>{`receivers:
  - name: covenant
    webhook_configs:
      - url: ${api}/integrations/alertmanager
        send_resolved: true
        max_alerts: 500          # Covenant takes at most 500 alerts per notification
        http_config:
          authorization:
            type: Bearer
            credentials: cov_…   # or credentials_file`}</Code>
        <p>
          A firing alert opens an incident with the outage start, or joins the open incident of an
          earlier firing with the same fingerprint while that incident&apos;s outage is still open.
          Once that outage has ended (the alert resolved but the incident was left open), a new
          firing opens a new incident with its own outage window, so the time the service was up in
          between never counts as downtime; internal notes on both incidents link them. A resolved
          alert records the outage end and, if the route says so, resolves the incident. Replays
          change nothing. Alerts no route matches are listed on the routing page; once a route
          matches them, Alertmanager&apos;s next repeat of the firing alert opens the incident.
        </p>
      </Section>

      <Section title="Outbound webhooks">
        <p id="webhooks">
          A tenant admin registers endpoints under <em>Settings → Webhooks</em> (
          <code>/t/&lt;tenant&gt;/webhooks</code>) for these events:
        </p>
        <ul className="list-disc pl-6">
          {WEBHOOK_EVENTS.map((e) => (
            <li key={e.type}>
              <code>{e.type}</code> — {e.label}
            </li>
          ))}
        </ul>
        <p>
          Each delivery is a <code>POST</code> of{" "}
          <code>{`{ "id", "type", "created_at", "data": { "ticket": {…}, … } }`}</code> with the
          headers <code>Covenant-Event</code> (the type), <code>Covenant-Delivery</code> (the event
          id: deliveries are at-least-once, so deduplicate on it) and{" "}
          <code>{SIGNATURE_HEADER}: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, where the hex is
          HMAC-SHA256 with the endpoint&apos;s signing secret (<code>whsec_…</code>) over{" "}
          <code>&lt;t&gt;.&lt;raw body&gt;</code>. Answer 2xx within 10 seconds; anything else is
          retried with backoff (30 s up to 12 h, {retries + 1} attempts in all), and every delivery
          and its status is listed on the endpoint&apos;s page, where a failed one can be retried.
          Verify like this (Node.js):
        </p>
        <Code>{`import { createHmac, timingSafeEqual } from "node:crypto";

function verify(secret, rawBody, header, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(\`\${t}.\${rawBody}\`).digest("hex");
  return parts.v1?.length === expected.length &&
    timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
}`}</Code>
      </Section>

      <Section title="Operations">
        <p id="operations">
          Each operation with the scope its key needs, its parameters, and the JSON schemas of its
          body and success response.
        </p>
      </Section>
      <div className="mt-4 flex flex-col gap-4">
        {operations.map(({ path, method, op }) => {
          const success = Object.keys(op.responses).find((s) => s.startsWith("2"))!;
          return (
            <section
              key={`${method} ${path}`}
              className="rounded-lg border border-slate-200 bg-white p-4"
              aria-labelledby={op.operationId}
            >
              <h3 id={op.operationId} className="font-mono text-sm font-semibold">
                <span className="mr-2 rounded bg-slate-900 px-2 py-0.5 text-white">
                  {method.toUpperCase()}
                </span>
                {`/api/v1${path}`}
              </h3>
              <p className="mt-2 text-sm">{op.summary}</p>
              {op.description ? (
                <p className="mt-1 text-sm text-slate-600">
                  <Prose text={op.description} />
                </p>
              ) : null}
              <p className="mt-2 text-xs text-slate-600">
                Scope: <code>{op["x-required-scope"]}</code>
              </p>
              {op.parameters.length ? (
                <table className="mt-3 text-xs">
                  <caption className="sr-only">Parameters of {op.operationId}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="pr-4 text-left">
                        Parameter
                      </th>
                      <th scope="col" className="pr-4 text-left">
                        In
                      </th>
                      <th scope="col" className="pr-4 text-left">
                        Required
                      </th>
                      <th scope="col" className="text-left">
                        Value
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={`${p.in}-${p.name}`}>
                        <td className="pr-4 align-top font-mono">{p.name}</td>
                        <td className="pr-4 align-top">{p.in}</td>
                        <td className="pr-4 align-top">{p.required ? "yes" : "no"}</td>
                        <td className="align-top">
                          {typeOf(p.schema)}
                          {p.description ? ` — ${p.description}` : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {op.requestBody ? (
                <SchemaDetails
                  label="Request body schema"
                  schema={op.requestBody.content["application/json"].schema}
                />
              ) : null}
              <SchemaDetails
                label={`Response ${success} schema`}
                schema={op.responses[success]!.content["application/json"].schema}
              />
              <p className="mt-2 text-xs text-slate-600">
                Responses: {Object.keys(op.responses).join(", ")}
              </p>
            </section>
          );
        })}
      </div>
    </main>
  );
}
