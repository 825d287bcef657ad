import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { listAuditEvents } from "~/modules/audit/list-audit-events.server";
import { requireMembership } from "~/modules/auth/require.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Covenant" }];

function parseCursor(value: string | null) {
  if (!value) return null;
  const [at, id] = value.split("_");
  const date = new Date(at ?? "");
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? "")) return null;
  return { at: date, id: id! };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "audit.read");
  const url = new URL(request.url);
  const { events, hasMore } = await withTenant(context.db, member.ctx, (trx) =>
    listAuditEvents(trx, member.ctx.tenantId, {
      before: parseCursor(url.searchParams.get("before")),
    }),
  );
  const last = events.at(-1);
  return {
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    next: hasMore && last ? `${last.at.toISOString()}_${last.id}` : null,
  };
}

function summary(value: unknown) {
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}

export default function Audit() {
  const { events, next } = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Audit log"
        description="Every change in this workspace: who, what, when, before and after. It cannot be edited."
      />
      {events.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <DataTable
          caption="Audit events"
          headers={["When (UTC)", "Who", "Action", "Entity", "Change"]}
        >
          {events.map((e) => (
            <tr key={e.id}>
              <Td className="whitespace-nowrap">{e.at.replace("T", " ").slice(0, 19)}</Td>
              <Td>{e.actor_label}</Td>
              <Td>
                <code>{e.action}</code>
              </Td>
              <Td>{e.entity_type}</Td>
              <Td className="max-w-md break-all text-xs text-slate-600">
                {e.before ? <span className="block">before: {summary(e.before)}</span> : null}
                {e.after ? <span className="block">after: {summary(e.after)}</span> : null}
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
      {next ? (
        <p>
          <Link to={`?before=${encodeURIComponent(next)}`}>Older events</Link>
        </p>
      ) : null}
    </div>
  );
}
