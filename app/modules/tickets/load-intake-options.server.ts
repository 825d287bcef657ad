import { withTenant, type Db } from "../../db.server";
import type { RequestFormField } from "../catalogue/request-form";
import { listMyServices } from "../contracts/list-my-services.server";
import {
  isCustomer,
  requireTicketReader,
  requireTicketWorker,
  type TicketMember,
} from "./ticket-access.server";

/**
 * What the "raise a ticket" forms offer: the services under the customer's live contracts (with
 * their SLA in words), the request types of those services with their form fields, and — for the
 * service desk raising on a customer's behalf — the customers and that customer's people.
 */
export async function loadIntakeOptions(
  db: Db,
  member: TicketMember,
  input: { customerId?: string } = {},
  opts: { now?: Date } = {},
) {
  requireTicketReader(member);
  if (!isCustomer(member)) requireTicketWorker(member, "raise tickets for customers");
  const now = opts.now ?? new Date();
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const customers = isCustomer(member)
      ? []
      : await trx
          .selectFrom("customers")
          .select(["id", "name"])
          .where("tenant_id", "=", tenantId)
          .where("active", "=", true)
          .orderBy("name")
          .execute();
    const customerId = isCustomer(member)
      ? member.customerId
      : customers.find((c) => c.id === input.customerId)?.id;
    if (!customerId)
      return { customers, customerId: null, services: [], requestTypes: [], requesters: [] };
    const services = await listMyServices(trx, tenantId, customerId, now);
    const serviceIds = services.map((s) => s.serviceId);
    const types = serviceIds.length
      ? await trx
          .selectFrom("request_types as rt")
          .innerJoin("services as s", (j) =>
            j.onRef("s.tenant_id", "=", "rt.tenant_id").onRef("s.id", "=", "rt.service_id"),
          )
          .select(["rt.id", "rt.name", "rt.description", "rt.service_id", "s.name as service_name"])
          .where("rt.tenant_id", "=", tenantId)
          .where("rt.service_id", "in", serviceIds)
          .where("rt.active", "=", true)
          .where("s.status", "=", "live")
          .orderBy("s.name")
          .orderBy("rt.position")
          .orderBy("rt.name")
          .execute()
      : [];
    const fields = types.length
      ? await trx
          .selectFrom("request_type_fields")
          .select(["request_type_id", "key", "label", "kind", "required", "options", "help_text"])
          .where("tenant_id", "=", tenantId)
          .where(
            "request_type_id",
            "in",
            types.map((t) => t.id),
          )
          .orderBy("position")
          .execute()
      : [];
    const requesters = isCustomer(member)
      ? []
      : await trx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select(["memberships.id as membershipId", "users.name", "users.email"])
          .where("memberships.tenant_id", "=", tenantId)
          .where("memberships.customer_id", "=", customerId)
          .where("memberships.active", "=", true)
          .orderBy("users.name")
          .execute();
    return {
      customers,
      customerId,
      services: services.map((s) => ({
        id: s.serviceId,
        name: s.serviceName,
        description: s.serviceDescription,
        targets: s.targets,
      })),
      requestTypes: types.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        serviceId: t.service_id,
        serviceName: t.service_name,
        fields: fields
          .filter((f) => f.request_type_id === t.id)
          .map(
            (f) =>
              ({
                key: f.key,
                label: f.label,
                kind: f.kind,
                required: f.required,
                options: f.options,
                helpText: f.help_text,
              }) satisfies RequestFormField & { helpText: string },
          ),
      })),
      requesters,
    };
  });
}
