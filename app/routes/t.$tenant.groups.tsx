import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, failureOf, FormError, Notice, TextField } from "~/components/forms";
import { Card, EmptyState, PageHeader } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import {
  createAgentGroup,
  listAgentGroups,
  setAgentGroupMembers,
} from "~/modules/tickets/agent-groups.server";
import { loadStaffOptions } from "~/modules/tickets/load-staff-options.server";
import { createAgentGroupSchema } from "~/modules/tickets/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Agent groups · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "users.manage");
  const groups = await listAgentGroups(context.db, member);
  const { agents } = await loadStaffOptions(context.db, member);
  return {
    groups,
    agents: agents.map((a) => ({ id: a.membershipId, name: a.name || a.email, email: a.email })),
  };
}

const membersSchema = z.object({
  groupId: z.uuid({ error: "Unknown group" }),
  membershipIds: z.array(z.uuid({ error: "Choose members from the list" })),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "users.manage");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "create") {
      const parsed = parseForm(formData, createAgentGroupSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const group = await createAgentGroup(context.db, member, parsed.data);
      return {
        ok: true as const,
        notice: `Group “${group.name}” created. Now choose its members.`,
      };
    }
    if (intent === "members") {
      const parsed = membersSchema.safeParse({
        groupId: formData.get("groupId"),
        membershipIds: formData.getAll("membershipIds"),
      });
      if (!parsed.success)
        return refuse({ ok: false, fieldErrors: {}, formError: parsed.error.issues[0]!.message });
      const group = await setAgentGroupMembers(context.db, member, parsed.data);
      return {
        ok: true as const,
        notice: `${group.name}: ${group.memberIds.length} member${group.memberIds.length === 1 ? "" : "s"} saved.`,
        groupId: group.id,
      };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function AgentGroups() {
  const { groups, agents } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const success = result && "notice" in result ? result : null;
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader
        title="Agent groups"
        description="Teams tickets can be assigned to (second line, networks, on-call). Agents and tenant admins can be members."
      />
      {success ? <Notice>{success.notice}</Notice> : null}
      <FormError error={failure?.formError} />
      <Card title="New group">
        <AppForm className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
          <input type="hidden" name="intent" value="create" />
          <div className="flex-1">
            <TextField
              label="Group name"
              name="name"
              required
              maxLength={80}
              defaultValue={failure?.values?.intent === "create" ? failure.values.name : ""}
              error={failure?.fieldErrors.name}
            />
          </div>
          <Button>Create group</Button>
        </AppForm>
      </Card>
      {groups.length === 0 ? (
        <EmptyState title="No groups yet">
          Create a group above, then choose its members.
        </EmptyState>
      ) : (
        groups.map((g) => (
          <Card key={g.id} title={g.name}>
            <AppForm className="flex flex-col gap-3" key={g.memberIds.join()}>
              <input type="hidden" name="intent" value="members" />
              <input type="hidden" name="groupId" value={g.id} />
              <fieldset>
                <legend className="text-sm font-medium text-slate-800">{`Members of ${g.name}`}</legend>
                {agents.length === 0 ? (
                  <p className="mt-1 text-sm text-slate-600">
                    There are no agents yet: invite some from Users.
                  </p>
                ) : (
                  <div className="mt-2 grid gap-2 sm:grid-cols-2">
                    {agents.map((a) => (
                      <label key={a.id} className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          name="membershipIds"
                          value={a.id}
                          defaultChecked={g.memberIds.includes(a.id)}
                          className="h-4 w-4 rounded border-slate-300"
                        />
                        <span>
                          {a.name} <span className="text-xs text-slate-500">{a.email}</span>
                        </span>
                      </label>
                    ))}
                  </div>
                )}
              </fieldset>
              <div>
                <Button variant="secondary">Save members</Button>
              </div>
            </AppForm>
          </Card>
        ))
      )}
    </div>
  );
}
