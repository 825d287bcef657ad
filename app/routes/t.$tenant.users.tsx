import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  AppForm,
  Button,
  failureOf,
  FormError,
  Notice,
  SelectField,
  TextField,
} from "~/components/forms";
import { Badge, Card, DataTable, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { ROLE_LABELS, ROLES } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { listCustomers } from "~/modules/customers/list-customers.server";
import { inviteUser, revokeInvitation } from "~/modules/users/invite-user.server";
import { listMembers, listPendingInvitations } from "~/modules/users/list-members.server";
import { inviteUserSchema, memberIdSchema } from "~/modules/users/schemas";
import { setMemberActive } from "~/modules/users/set-member-active.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Users · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "users.manage");
  return withTenant(context.db, member.ctx, async (trx) => ({
    me: member.user.id,
    members: await listMembers(trx, member.ctx.tenantId),
    invitations: await listPendingInvitations(trx, member.ctx.tenantId),
    customers: await listCustomers(trx, member.ctx.tenantId, { activeOnly: true }),
  }));
}

const invitationIdSchema = z.object({ invitationId: z.uuid({ error: "Unknown invitation" }) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "users.manage");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "invite") {
      const parsed = parseForm(formData, inviteUserSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const { invitation, path } = await inviteUser(context.db, member, {
        email: parsed.data.email,
        role: parsed.data.role as (typeof ROLES)[number],
        customerId: parsed.data.customerId,
      });
      return {
        ok: true as const,
        invited: invitation.email,
        link: new URL(path, request.url).toString(),
      };
    }
    if (intent === "deactivate" || intent === "reactivate") {
      const parsed = parseForm(formData, memberIdSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await setMemberActive(context.db, member, parsed.data.membershipId, intent === "reactivate");
      return { ok: true as const };
    }
    if (intent === "revoke") {
      const parsed = parseForm(formData, invitationIdSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await revokeInvitation(context.db, member, parsed.data.invitationId);
      return { ok: true as const };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Users() {
  const { me, members, invitations, customers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const invited = result && "invited" in result ? result : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Users"
        description="People in this workspace, their roles, and pending invitations."
      />
      <Card title="Invite someone">
        {invited ? (
          <div className="mb-4">
            <Notice>
              Invitation created for <strong>{invited.invited}</strong>. Send them this one-time
              link (valid for 7 days): <code className="break-all">{invited.link}</code>
            </Notice>
          </div>
        ) : null}
        <AppForm className="grid gap-4 md:grid-cols-4 md:items-end" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <TextField
            label="Email"
            name="email"
            type="email"
            required
            defaultValue={failure?.values?.email}
            error={failure?.fieldErrors.email}
          />
          <SelectField
            label="Role"
            name="role"
            defaultValue={failure?.values?.role ?? "agent"}
            error={failure?.fieldErrors.role}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Customer (customer users only)"
            name="customerId"
            defaultValue={failure?.values?.customerId ?? ""}
            error={failure?.fieldErrors.customerId}
          >
            <option value="">— none —</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <Button>Send invitation</Button>
        </AppForm>
        <div className="mt-3">
          <FormError error={failure?.formError} />
        </div>
      </Card>

      <DataTable caption="Members" headers={["Name", "Email", "Role", "Status", "Actions"]}>
        {members.map((m) => (
          <tr key={m.id}>
            <Td>{m.name || "—"}</Td>
            <Td>{m.email}</Td>
            <Td>
              {ROLE_LABELS[m.role]}
              {m.customer_name ? (
                <span className="block text-xs text-slate-500">{m.customer_name}</span>
              ) : null}
            </Td>
            <Td>
              {m.active ? (
                <Badge tone="green">Active</Badge>
              ) : (
                <Badge tone="slate">Deactivated</Badge>
              )}
            </Td>
            <Td>
              {m.user_id === me ? (
                <span className="text-xs text-slate-500">You</span>
              ) : (
                <AppForm>
                  <input type="hidden" name="membershipId" value={m.id} />
                  <Button
                    name="intent"
                    value={m.active ? "deactivate" : "reactivate"}
                    variant={m.active ? "danger" : "secondary"}
                    aria-label={`${m.active ? "Deactivate" : "Reactivate"} ${m.email}`}
                  >
                    {m.active ? "Deactivate" : "Reactivate"}
                  </Button>
                </AppForm>
              )}
            </Td>
          </tr>
        ))}
      </DataTable>

      {invitations.length ? (
        <DataTable caption="Pending invitations" headers={["Email", "Role", "Expires", "Actions"]}>
          {invitations.map((i) => (
            <tr key={i.id}>
              <Td>{i.email}</Td>
              <Td>
                {ROLE_LABELS[i.role]}
                {i.customer_name ? (
                  <span className="block text-xs text-slate-500">{i.customer_name}</span>
                ) : null}
              </Td>
              <Td>{new Date(i.expires_at).toLocaleDateString("en-GB")}</Td>
              <Td>
                <AppForm>
                  <input type="hidden" name="invitationId" value={i.id} />
                  <Button
                    name="intent"
                    value="revoke"
                    variant="danger"
                    aria-label={`Revoke invitation for ${i.email}`}
                  >
                    Revoke
                  </Button>
                </AppForm>
              </Td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </div>
  );
}
