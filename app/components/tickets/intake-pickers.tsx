import { Form, Link } from "@remix-run/react";
import { Button, SelectField } from "../forms";
import type { RequestTypeOption } from "./raise-forms";

type Option = { id: string; name: string };

/** "?kind=request&customerId=…" from the values that are set. */
export function query(params: Record<string, string | null | undefined>) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  return `?${search}`;
}

/** Staff raise tickets on a customer's behalf: first choose whose (the services depend on it). */
export function CustomerPicker({
  customers,
  customerId,
  kind,
}: {
  customers: Option[];
  customerId: string | null;
  kind: string;
}) {
  return (
    <Form method="get" className="rounded-lg border border-slate-200 bg-white p-4">
      <input type="hidden" name="kind" value={kind} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <SelectField
            label="Customer"
            name="customerId"
            defaultValue={customerId ?? ""}
            onChange={(event) => event.currentTarget.form?.requestSubmit()}
          >
            <option value="">— choose a customer —</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        </div>
        <Button variant="secondary">{customerId ? "Change customer" : "Continue"}</Button>
      </div>
      <p className="mt-1 text-xs text-slate-500">
        The ticket runs under this customer&apos;s contract and service level.
      </p>
    </Form>
  );
}

export function KindTabs({
  kind,
  customerId,
}: {
  kind: "incident" | "request";
  customerId: string | null;
}) {
  const tabs = [
    {
      kind: "incident",
      title: "Report an incident",
      text: "Something is broken, slow or unavailable.",
    },
    {
      kind: "request",
      title: "Request something",
      text: "Access, a change, a new resource, information.",
    },
  ] as const;
  return (
    <nav aria-label="Kind of ticket" className="grid gap-3 sm:grid-cols-2">
      {tabs.map((tab) => {
        const current = tab.kind === kind;
        return (
          <Link
            key={tab.kind}
            to={query({ kind: tab.kind, customerId })}
            aria-current={current ? "page" : undefined}
            className={`block rounded-lg border-2 bg-white p-4 text-slate-900 no-underline hover:no-underline ${
              current
                ? "border-[var(--accent)] shadow-sm"
                : "border-slate-200 hover:border-slate-400"
            }`}
          >
            <span className="flex items-center gap-2 font-semibold">
              <span
                aria-hidden="true"
                className={`inline-block h-3 w-3 rounded-full border-2 ${current ? "border-[var(--accent)] bg-[var(--accent)]" : "border-slate-400"}`}
              />
              {tab.title}
              {current ? <span className="sr-only">(selected)</span> : null}
            </span>
            <span className="mt-1 block text-sm text-slate-600">{tab.text}</span>
          </Link>
        );
      })}
    </nav>
  );
}

export function RequestTypePicker({
  requestTypes,
  customerId,
}: {
  requestTypes: RequestTypeOption[];
  customerId: string | null;
}) {
  if (requestTypes.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">
        There are no request types for the services under contract yet.
      </p>
    );
  }
  const services = [...new Set(requestTypes.map((t) => t.serviceName))];
  return (
    <section aria-labelledby="request-types" className="flex flex-col gap-4">
      <h2 id="request-types" className="text-lg font-semibold">
        What do you need?
      </h2>
      {services.map((serviceName) => (
        <div key={serviceName}>
          <h3 className="text-sm font-semibold text-slate-600">{serviceName}</h3>
          <ul className="mt-2 grid gap-2 sm:grid-cols-2">
            {requestTypes
              .filter((t) => t.serviceName === serviceName)
              .map((t) => (
                <li key={t.id}>
                  <Link
                    to={query({ kind: "request", requestTypeId: t.id, customerId })}
                    className="block h-full rounded-lg border border-slate-200 bg-white p-3 text-slate-900 no-underline hover:border-slate-400 hover:no-underline"
                  >
                    <span className="font-medium text-blue-700">{t.name}</span>
                    {t.description ? (
                      <span className="mt-1 block text-sm text-slate-600">{t.description}</span>
                    ) : null}
                  </Link>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
