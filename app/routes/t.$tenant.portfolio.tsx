import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, Notice, SelectField } from "~/components/forms";
import { formatDate } from "~/components/format";
import { Badge, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { Sparkline } from "~/components/reports/chart-svg";
import { sparkline } from "~/modules/reports/charts";
import { formatPercent } from "~/modules/reports/format";
import { assignAccountManager } from "~/modules/reviews/assign-account-manager.server";
import { loadPortfolio } from "~/modules/reviews/load-portfolio.server";
import { requireReviewMember } from "~/modules/reviews/require-review-member.server";
import { assignAccountManagerSchema } from "~/modules/reviews/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Portfolio · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReviewMember(request, context, params.tenant, "reviews.manage");
  return { ...(await loadPortfolio(context.db, member)), slug: member.tenant.slug };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireReviewMember(request, context, params.tenant, "reviews.manage");
  const formData = await readFormData(request);
  if (formData.get("intent") !== "assign")
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  const parsed = parseForm(formData, assignAccountManagerSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    await assignAccountManager(context.db, member, parsed.data);
    return { ok: true as const };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Portfolio() {
  const { customers, managers, months, isAdmin, slug } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const range = months.length ? `${months[0]!.label} – ${months[months.length - 1]!.label}` : "";
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Portfolio"
        description={
          isAdmin
            ? "Every customer, its account manager, reviews, actions and SLA trend."
            : "Your customers: next reviews, overdue actions and SLA attainment."
        }
      />
      {result && "ok" in result && result.ok ? <Notice>Account manager saved.</Notice> : null}
      <FormError error={failure?.formError ?? Object.values(failure?.fieldErrors ?? {})[0]} />
      {customers.length === 0 ? (
        <EmptyState title="No customers in your portfolio yet">
          A tenant admin assigns customers to account managers on this page.
        </EmptyState>
      ) : (
        <DataTable
          caption="Portfolio"
          headers={[
            "Customer",
            "Account manager",
            "Next review",
            "Last review",
            "Open actions",
            "Overdue actions",
            `SLA attainment (${range})`,
          ]}
        >
          {customers.map((c) => {
            const line = sparkline(c.trend);
            return (
              <tr key={c.id}>
                <Td className="font-medium">
                  {c.name} {c.active ? null : <Badge>Inactive</Badge>}
                </Td>
                <Td>
                  {isAdmin ? (
                    <AppForm className="flex items-end gap-2">
                      <input type="hidden" name="intent" value="assign" />
                      <input type="hidden" name="customerId" value={c.id} />
                      <SelectField
                        label={`Account manager for ${c.name}`}
                        name="membershipId"
                        defaultValue={c.managerMembershipId ?? ""}
                      >
                        <option value="">Nobody</option>
                        {managers.map((m) => (
                          <option key={m.id} value={m.id}>
                            {m.label}
                          </option>
                        ))}
                      </SelectField>
                      <Button variant="secondary">Save</Button>
                    </AppForm>
                  ) : (
                    (c.manager ?? "—")
                  )}
                </Td>
                <Td>
                  {c.nextReview ? (
                    <Link to={`/t/${slug}/reviews/${c.nextReview.id}`}>
                      {formatDate(c.nextReview.meetingOn)}
                    </Link>
                  ) : (
                    <span className="text-slate-500">None scheduled</span>
                  )}
                </Td>
                <Td>
                  {c.lastReview ? (
                    <Link to={`/t/${slug}/reviews/${c.lastReview.id}`}>
                      {formatDate(c.lastReview.meetingOn)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td>{c.openActions}</Td>
                <Td>
                  {c.overdueActions ? (
                    <Badge tone="red">{`${c.overdueActions} overdue`}</Badge>
                  ) : (
                    "0"
                  )}
                </Td>
                <Td>
                  <div className="flex items-center gap-2">
                    <Sparkline
                      {...line}
                      label={`SLA attainment by month for ${c.name}: ${c.trend.map((v, i) => `${months[i]!.label} ${formatPercent(v)}`).join(", ")}`}
                    />
                    <span>{formatPercent(c.latestAttainment)}</span>
                  </div>
                </Td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </div>
  );
}
