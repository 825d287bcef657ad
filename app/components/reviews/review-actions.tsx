import { AppForm, Button, SelectField, TextField, type FormFailureData } from "~/components/forms";
import { formatDate } from "~/components/format";
import { Badge, DataTable, EmptyState, Td } from "~/components/page";
import type { ReviewDetail } from "~/modules/reviews/get-review.server";
import { ACTION_STATUS_LABELS, REVIEW_ACTION_STATUSES } from "~/modules/reviews/schemas";

const TONE = { open: "amber", in_progress: "blue", done: "green" } as const;

/** The review's actions: raised here or carried over (the same rows, live status), with a status form per action for managers. */
export function ReviewActions({
  detail,
  failure,
  slug,
}: {
  detail: ReviewDetail;
  failure: FormFailureData | null;
  slug: string;
}) {
  const { actions, canManage, review } = detail;
  const draft = !review.publishedAt;
  const v = failure?.values?.intent === "add-action" ? failure.values : {};
  const e = failure?.values?.intent === "add-action" ? failure.fieldErrors : {};
  return (
    <div className="flex flex-col gap-4">
      {actions.length === 0 ? (
        <EmptyState title="No actions yet" />
      ) : (
        <DataTable
          caption="Actions"
          headers={
            canManage
              ? ["Action", "Owner", "Due", "Status", "Raised in", "Change status"]
              : ["Action", "Owner", "Due", "Status", "Raised in"]
          }
        >
          {actions.map((a) => (
            <tr key={a.id}>
              <Td className="font-medium">{a.title}</Td>
              <Td>{a.owner}</Td>
              <Td>
                {formatDate(a.dueOn)} {a.overdue ? <Badge tone="red">Overdue</Badge> : null}
              </Td>
              <Td>
                <Badge tone={TONE[a.status]}>{ACTION_STATUS_LABELS[a.status]}</Badge>
              </Td>
              <Td>
                {a.carriedOver ? (
                  <a href={`/t/${slug}/reviews/${a.raisedIn.id}`}>
                    {a.raisedIn.title} (carried over)
                  </a>
                ) : (
                  "This review"
                )}
              </Td>
              {canManage ? (
                <Td>
                  <AppForm className="flex items-end gap-2">
                    <input type="hidden" name="intent" value="update-action" />
                    <input type="hidden" name="actionId" value={a.id} />
                    <SelectField
                      label={`Status of “${a.title}”`}
                      name="status"
                      defaultValue={a.status}
                    >
                      {REVIEW_ACTION_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {ACTION_STATUS_LABELS[s]}
                        </option>
                      ))}
                    </SelectField>
                    <Button variant="secondary">Save</Button>
                  </AppForm>
                </Td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {canManage && draft ? (
        <AppForm
          className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:flex-row sm:items-end"
          noValidate
        >
          <input type="hidden" name="intent" value="add-action" />
          <div className="flex-1">
            <TextField
              label="New action"
              name="title"
              required
              maxLength={300}
              defaultValue={v.title}
              error={e.title}
            />
          </div>
          <SelectField
            label="Owner"
            name="ownerMembershipId"
            defaultValue={v.ownerMembershipId ?? ""}
            error={e.ownerMembershipId}
          >
            <option value="">Choose an owner</option>
            {detail.owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Due date"
            name="dueOn"
            type="date"
            required
            defaultValue={v.dueOn}
            error={e.dueOn}
          />
          <Button>Add action</Button>
        </AppForm>
      ) : null}
    </div>
  );
}
