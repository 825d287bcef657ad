/**
 * About three months of Northwind ticket history for the demo: a few hundred incidents and service
 * requests from Contoso and Tailspin on their contracts, with replies, met and breached SLAs,
 * clocks paused while awaiting the customer, reopened tickets, ratings, a major incident, and two
 * outages (one on Contoso's Managed Kubernetes last month, long enough to drop that month's
 * availability below Gold's 99.95 % so a service credit is due).
 *
 * The history is generated in memory (a seeded random generator, so every demo is the same) and
 * each ticket's stored SLA state is computed by the same clock code the portal uses
 * (computeTicketSla), so queues, reports and the "explain this SLA" panel agree. Crossings that
 * happened are recorded as if the worker had acted on them at the time, so starting the demo does
 * not mail hundreds of historical escalations. Rows go in with a handful of batch inserts.
 */
import { randomUUID } from "node:crypto";
import { addBusinessMinutes, type Calendar } from "@covenant/sla-engine";
import { withSystem, type Db, type Trx } from "../../app/db.server";
import { SYSTEM_ACTOR, recordAudit } from "../../app/modules/audit/record-audit.server";
import {
  validateRequestAnswers,
  type RequestFormField,
} from "../../app/modules/catalogue/request-form";
import { composeEmail } from "../../app/modules/email/compose-email";
import { ticketUrl } from "../../app/modules/email/public-url";
import { resolveSla, type ResolvedSla } from "../../app/modules/sla/resolve-sla.server";
import type { Priority } from "../../app/modules/sla/statuses";
import { formatNumber } from "../../app/modules/tenancy/next-number.server";
import {
  isOpen,
  PRIORITY_LABELS,
  type Level,
  type TicketPriority,
  type TicketStatus,
} from "../../app/modules/tickets/constants";
import { DEFAULT_PRIORITY_MATRIX, priorityFor } from "../../app/modules/tickets/priority-matrix";
import {
  computeTicketSla,
  crossingKey,
  describeClock,
  nextCheckAt,
  type StatusChange,
} from "../../app/modules/tickets/sla-clock";
import type { NewTicket, NewTicketEvent } from "../schema";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: a tiny seeded generator, so the demo history is the same on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS: Record<"kubernetes" | "postgres" | "storage", string[]> = {
  kubernetes: [
    "Pods stuck in CrashLoopBackOff after deploy",
    "Ingress returns 502 for the checkout service",
    "Node pool not scaling up under load",
    "kubectl times out against the API server",
    "Persistent volume fails to attach on node restart",
    "Certificate on the ingress expired",
    "DNS lookups inside the cluster are slow",
    "Cluster autoscaler removed nodes during a deploy",
    "Image pulls from the registry fail intermittently",
    "Metrics server missing data for the last hour",
    "HPA not reacting to CPU load",
    "Evicted pods on worker nodes (disk pressure)",
  ],
  postgres: [
    "Replication lag on the read replica above 5 minutes",
    "Connection limit reached on the orders database",
    "Slow queries after the minor version upgrade",
    "Point-in-time restore needed for accidental delete",
    "Disk usage alert on the primary instance",
    "Failover took longer than expected",
    "Extension pg_stat_statements not available",
    "Backups did not run last night",
  ],
  storage: [
    "Uploads to the assets bucket fail with 403",
    "Presigned URLs expire too early",
    "Lifecycle rule did not delete old objects",
    "Throughput drops during the nightly batch",
    "Bucket listing is very slow",
    "Versioning shows unexpected delete markers",
    "Cross-site replication behind by hours",
    "Object lock retention question",
  ],
};

const STAFF_REPLIES = [
  "Thanks for reporting this. We are looking into it now.",
  "We can reproduce the problem and are working on a fix.",
  "We have applied a fix on our side. Could you check again?",
  "This was caused by a configuration change on our platform; it has been rolled back.",
  "Could you send us the exact time and the request id of a failing call?",
];
const CUSTOMER_REPLIES = [
  "Here are the details you asked for: it started around 09:40, request id 7f3a-22.",
  "Yes, it still happens for about one in ten requests.",
  "Confirmed, it works again on our side. Thanks!",
  "We tried that, no change unfortunately.",
];
const RATING_COMMENTS = [
  "Quick and clear, thank you.",
  "Fixed, but it took a while.",
  "Great support as always.",
  "",
  "",
];

type Party = {
  customerId: string;
  serviceKey: "kubernetes" | "postgres" | "storage";
  serviceId: string;
  serviceName: string;
  requester: string;
  sla: ResolvedSla;
  requestTypes: Array<{ id: string; name: string; fields: RequestFormField[] }>;
};

type Event = Omit<NewTicketEvent, "tenant_id" | "ticket_id" | "customer_id" | "data"> & {
  at: Date;
  data?: Record<string, unknown>;
};

type Draft = {
  id: string;
  row: NewTicket & { created_at: Date };
  events: Event[];
  statusChanges: StatusChange[];
  calendar: Calendar;
  party: Party;
};

function sampleAnswers(fields: RequestFormField[], createdAt: Date) {
  const raw: Record<string, string | string[]> = {};
  for (const field of fields) {
    if (field.kind === "single_choice") raw[field.key] = field.options[0] ?? "";
    else if (field.kind === "multiple_choice") raw[field.key] = field.options.slice(0, 2);
    else if (field.kind === "number") raw[field.key] = "3";
    else if (field.kind === "date")
      raw[field.key] = new Date(createdAt.getTime() + 7 * DAY).toISOString().slice(0, 10);
    else if (field.kind === "long_text") raw[field.key] = "Needed for the seasonal peak.";
    else
      raw[field.key] = /name|cluster|instance|bucket/i.test(field.label)
        ? "shop-prod"
        : "As discussed with our account manager";
  }
  const result = validateRequestAnswers(fields, raw);
  return result.ok ? result.values : {};
}

async function loadParties(
  trx: Trx,
  tenantId: string,
  ids: NorthwindIds,
  now: Date,
): Promise<Party[]> {
  const pairs: Array<[string, Party["serviceKey"], string]> = [
    [ids.customers.contoso, "kubernetes", ids.people.contoso],
    [ids.customers.contoso, "postgres", ids.people.contoso],
    [ids.customers.tailspin, "storage", ids.people.tailspin],
  ];
  const parties: Party[] = [];
  for (const [customerId, serviceKey, requester] of pairs) {
    const serviceId = ids.services[serviceKey];
    const sla = await resolveSla(trx, tenantId, { customerId, serviceId, at: now });
    if (!sla) continue;
    const service = await trx
      .selectFrom("services")
      .select("name")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", serviceId)
      .executeTakeFirstOrThrow();
    const types = await trx
      .selectFrom("request_types")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("service_id", "=", serviceId)
      .where("active", "=", true)
      .execute();
    const requestTypes = [];
    for (const type of types) {
      const fields = (await trx
        .selectFrom("request_type_fields")
        .select(["key", "label", "kind", "required", "options"])
        .where("tenant_id", "=", tenantId)
        .where("request_type_id", "=", type.id)
        .orderBy("position")
        .execute()) as RequestFormField[];
      requestTypes.push({ ...type, fields });
    }
    parties.push({
      customerId,
      serviceKey,
      serviceId,
      serviceName: service.name,
      requester,
      sla,
      requestTypes,
    });
  }
  return parties;
}

export type NorthwindIds = {
  customers: { contoso: string; tailspin: string };
  services: { kubernetes: string; storage: string; postgres: string };
  /** membership ids */
  people: { agent: string; admin: string; contoso: string; tailspin: string };
};

/** Northwind's people by their demo sign-in addresses (see DEMO_SIGN_INS). */
async function demoPeople(db: Db, tenantId: string): Promise<NorthwindIds["people"]> {
  const rows = await withSystem(db, (trx) =>
    trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id", "users.email"])
      .where("memberships.tenant_id", "=", tenantId)
      .execute(),
  );
  const id = (email: string) => {
    const row = rows.find((r) => r.email === email);
    if (!row) throw new Error(`demo seed: ${email} is not a member of Northwind`);
    return row.id;
  };
  return {
    agent: id("agent@northwind.test"),
    admin: id("admin@northwind.test"),
    contoso: id("customer@contoso.test"),
    tailspin: id("customer@tailspin.test"),
  };
}

export async function seedNorthwindTickets(
  db: Db,
  tenantId: string,
  refs: Omit<NorthwindIds, "people">,
  opts: { now?: Date; count?: number } = {},
) {
  const now = opts.now ?? new Date();
  const ids: NorthwindIds = { ...refs, people: await demoPeople(db, tenantId) };
  const rand = random(20_26_11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const between = (min: number, max: number) => min + rand() * (max - min);

  const { parties, tenant, group } = await withSystem(db, async (trx) => {
    const parties = await loadParties(trx, tenantId, ids, now);
    const tenant = await trx
      .selectFrom("tenants")
      .select(["slug", "name"])
      .where("id", "=", tenantId)
      .executeTakeFirstOrThrow();
    const group = await trx
      .insertInto("agent_groups")
      .values({ tenant_id: tenantId, name: "Platform team" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("agent_group_members")
      .values(
        [ids.people.agent, ids.people.admin].map((membership_id) => ({
          tenant_id: tenantId,
          group_id: group.id,
          membership_id,
        })),
      )
      .execute();
    await trx
      .insertInto("ticket_settings")
      .values({ tenant_id: tenantId, escalation_emails: ["oncall@northwind.test"] })
      .onConflict((oc) =>
        oc.column("tenant_id").doUpdateSet({ escalation_emails: ["oncall@northwind.test"] }),
      )
      .execute();
    return { parties, tenant, group };
  });
  if (parties.length === 0) return { tickets: 0 };
  const weights = parties.map((p) =>
    p.serviceKey === "kubernetes" ? 0.45 : p.serviceKey === "postgres" ? 0.25 : 0.3,
  );
  const weighted = () => {
    let r = rand() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < parties.length; i++) if ((r -= weights[i]!) <= 0) return parties[i]!;
    return parties[parties.length - 1]!;
  };

  const staff = [
    { membership: ids.people.agent, label: "Arjun Agent" },
    { membership: ids.people.admin, label: "Nadia Admin" },
  ];
  const customerLabel = (p: Party) =>
    p.requester === ids.people.contoso ? "Carla Contoso" : "Tom Tailspin";
  const drafts: Draft[] = [];
  const count = opts.count ?? 320;
  const start = now.getTime() - 92 * DAY;

  const draft = (
    party: Party,
    createdAt: Date,
    kind: "incident" | "request",
    impact: Level,
    urgency: Level,
    subject: string,
  ): Draft => {
    const requestType = kind === "request" ? pick(party.requestTypes) : null;
    const priority = priorityFor(DEFAULT_PRIORITY_MATRIX, impact, urgency);
    return {
      id: randomUUID(),
      calendar: party.sla.version.calendar,
      party,
      statusChanges: [],
      events: [
        {
          at: createdAt,
          kind: "created",
          visibility: "public",
          actor_membership_id: party.requester,
          actor_label: customerLabel(party),
          data: {
            priority,
            impact,
            urgency,
            policy: party.sla.policy.name,
            policyVersion: party.sla.version.version,
          },
        },
      ],
      row: {
        tenant_id: tenantId,
        id: "",
        number: "",
        kind,
        customer_id: party.customerId,
        service_id: party.serviceId,
        contract_id: party.sla.contract.id,
        sla_policy_version_id: party.sla.version.id,
        request_type_id: requestType?.id ?? null,
        answers: JSON.stringify(requestType ? sampleAnswers(requestType.fields, createdAt) : {}),
        subject: requestType ? `${requestType.name}: ${subject}` : subject,
        description:
          kind === "incident"
            ? `**What happens:** ${subject.toLowerCase()}.\n\n**Since:** ${createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC\n\n**Impact:** ${impact} — urgency ${urgency}.`
            : "",
        impact,
        urgency,
        priority,
        requester_membership_id: party.requester,
        created_at: createdAt,
        updated_at: createdAt,
      },
    };
  };

  /** A business-time instant `fraction` of the way through a target (of the ticket's calendar). */
  const within = (d: Draft, from: Date, minutes: number, fraction: number) =>
    addBusinessMinutes(d.calendar, from, Math.max(1, Math.round(minutes * fraction)));
  const setStatus = (
    d: Draft,
    at: Date,
    to: TicketStatus,
    actor: { membership: string | null; label: string },
    extra: { body?: string; reason?: string } = {},
  ) => {
    const from = d.statusChanges.length ? d.statusChanges[d.statusChanges.length - 1]!.to : "new";
    if (at > now || from === to) return false;
    d.statusChanges.push({ at, from, to });
    d.events.push({
      at,
      kind: !isOpen(from) && isOpen(to) ? "reopened" : "status_changed",
      visibility: "public",
      actor_membership_id: actor.membership,
      actor_label: actor.label,
      body: extra.body ?? "",
      data: { from, to, ...(extra.reason ? { reason: extra.reason } : {}) },
    });
    d.row.status = to;
    d.row.updated_at = at;
    if (to === "resolved") d.row.resolved_at = at;
    if (to === "closed") d.row.closed_at = at;
    if (isOpen(to)) {
      d.row.resolved_at = null;
      d.row.closed_at = null;
    }
    return true;
  };
  const reply = (d: Draft, at: Date, who: "staff" | "customer", agent = staff[0]!) => {
    if (at > now) return false;
    const customer = who === "customer";
    d.events.push({
      at,
      kind: "public_reply",
      visibility: "public",
      actor_membership_id: customer ? d.party.requester : agent.membership,
      actor_label: customer ? customerLabel(d.party) : agent.label,
      body: customer ? pick(CUSTOMER_REPLIES) : pick(STAFF_REPLIES),
      data: { from: who },
    });
    if (!customer && !d.row.first_response_at) d.row.first_response_at = at;
    d.row.updated_at = at;
    return true;
  };

  for (let i = 0; i < count; i++) {
    const party = weighted();
    // Spread over three months, a little busier recently; most tickets arrive in working hours.
    const dayOffset = Math.floor(Math.pow(rand(), 0.85) * 91);
    const hour = rand() < 0.85 ? between(8, 18) : between(0, 24);
    const createdAt = new Date(start + dayOffset * DAY + hour * HOUR);
    if (createdAt > new Date(now.getTime() - 20 * MINUTE)) continue;
    const isRequest = party.requestTypes.length > 0 && rand() < 0.22;
    const impact: Level = isRequest ? "low" : pick(["high", "medium", "medium", "low", "low"]);
    const urgency: Level = isRequest ? "medium" : pick(["high", "medium", "medium", "low"]);
    const d = draft(
      party,
      createdAt,
      isRequest ? "request" : "incident",
      impact,
      urgency,
      pick(SUBJECTS[party.serviceKey]),
    );
    const targets = party.sla.version.targets[`P${d.row.priority}` as Priority];
    const agent = rand() < 0.7 ? staff[0]! : staff[1]!;
    const age = now.getTime() - createdAt.getTime();

    // Triage: assigned (to a person, sometimes with the platform team) and picked up.
    const assignedAt = new Date(createdAt.getTime() + between(2, 25) * MINUTE);
    if (assignedAt < now) {
      d.row.assignee_membership_id = agent.membership;
      d.row.group_id = party.serviceKey === "kubernetes" ? group.id : null;
      d.events.push({
        at: assignedAt,
        kind: "assigned",
        visibility: "internal",
        actor_membership_id: staff[1]!.membership,
        actor_label: staff[1]!.label,
        data: {
          assigneeMembershipId: agent.membership,
          assigneeName: agent.label,
          groupId: d.row.group_id,
          groupName: d.row.group_id ? "Platform team" : null,
        },
      });
    }
    const lateResponse = rand() < 0.1;
    const responseAt = within(
      d,
      createdAt,
      targets.responseMinutes,
      lateResponse ? between(1.2, 2.5) : between(0.15, 0.85),
    );
    setStatus(
      d,
      new Date(Math.min(responseAt.getTime(), assignedAt.getTime() + 5 * MINUTE)),
      "in_progress",
      agent,
    );
    reply(d, responseAt, "staff", agent);
    if (rand() < 0.15) {
      d.events.push({
        at: new Date(responseAt.getTime() + 3 * MINUTE),
        kind: "internal_note",
        visibility: "internal",
        actor_membership_id: agent.membership,
        actor_label: agent.label,
        body: "Checked the platform dashboards: no wider issue. Asking the customer for details.",
      });
    }
    // Priority overridden now and then (re-targets the clocks, a new SLA cycle).
    if (!isRequest && rand() < 0.06 && d.row.priority > 1) {
      const at = new Date(responseAt.getTime() + 10 * MINUTE);
      if (at < now) {
        const to = d.row.priority - 1;
        d.events.push({
          at,
          kind: "priority_changed",
          visibility: "internal",
          actor_membership_id: agent.membership,
          actor_label: agent.label,
          body: "More users affected than first reported.",
          data: { from: d.row.priority, to },
        });
        d.row.priority = to;
        d.row.priority_override_reason = "More users affected than first reported.";
        d.row.sla_cycle = 2;
      }
    }
    const resolutionTargets = party.sla.version.targets[`P${d.row.priority}` as Priority];
    let cursor = responseAt;
    // Waiting for the customer (the clocks pause) and their answer.
    if (rand() < 0.3) {
      const askedAt = new Date(cursor.getTime() + between(10, 90) * MINUTE);
      if (
        setStatus(d, askedAt, "awaiting_customer", agent, {
          body: "Could you tell us which namespace or bucket is affected?",
        })
      ) {
        const answeredAt = new Date(askedAt.getTime() + between(1, 40) * HOUR);
        if (reply(d, answeredAt, "customer")) {
          setStatus(
            d,
            answeredAt,
            "in_progress",
            { membership: party.requester, label: customerLabel(party) },
            { reason: "customer replied" },
          );
          cursor = answeredAt;
        } else cursor = now;
      }
    }
    const lateResolution = rand() < 0.1;
    const resolvedAt = within(
      d,
      createdAt,
      resolutionTargets.resolutionMinutes,
      lateResolution ? between(1.1, 1.8) : between(0.2, 0.9),
    );
    const resolveAt = new Date(Math.max(resolvedAt.getTime(), cursor.getTime() + 20 * MINUTE));
    if (
      age > 2 * HOUR &&
      setStatus(d, resolveAt, "resolved", agent, {
        body: "We believe this is fixed; please confirm.",
      })
    ) {
      let finalResolution = resolveAt;
      // Some come back: the customer reopens, the desk resolves again.
      if (rand() < 0.1) {
        const reopenedAt = new Date(resolveAt.getTime() + between(3, 30) * HOUR);
        if (
          setStatus(
            d,
            reopenedAt,
            "in_progress",
            { membership: party.requester, label: customerLabel(party) },
            { body: "Still happening for some requests, sorry." },
          )
        ) {
          const again = new Date(reopenedAt.getTime() + between(1, 8) * HOUR);
          if (
            reply(d, new Date(reopenedAt.getTime() + 30 * MINUTE), "staff", agent) &&
            setStatus(d, again, "resolved", agent)
          )
            finalResolution = again;
        }
      }
      // Closed by the customer's confirmation, or automatically five days later.
      if (d.row.status === "resolved") {
        if (rand() < 0.45) {
          const confirmedAt = new Date(finalResolution.getTime() + between(1, 48) * HOUR);
          setStatus(
            d,
            confirmedAt,
            "closed",
            { membership: party.requester, label: customerLabel(party) },
            { reason: "resolution confirmed" },
          );
        } else {
          setStatus(
            d,
            new Date(finalResolution.getTime() + 5 * DAY),
            "closed",
            { membership: null, label: "Covenant" },
            { reason: "closed automatically 5 days after resolution" },
          );
        }
      }
      if (!isOpen(d.row.status as TicketStatus) && rand() < 0.55) {
        const ratedAt = new Date(finalResolution.getTime() + between(1, 30) * HOUR);
        if (ratedAt < now) {
          const rating = pick([5, 5, 5, 4, 4, 4, 3, 2]);
          const comment = pick(RATING_COMMENTS);
          d.row.rating = rating;
          d.row.rating_comment = comment || null;
          d.row.rated_at = ratedAt;
          d.events.push({
            at: ratedAt,
            kind: "rated",
            visibility: "public",
            actor_membership_id: party.requester,
            actor_label: customerLabel(party),
            body: comment,
            data: { rating },
          });
        }
      }
    }
    drafts.push(d);
  }

  // Today's queue: a few fresh tickets nobody has picked up, and some waiting on the customer (paused clocks).
  for (let i = 0; i < 4; i++) {
    const party = weighted();
    const d = draft(
      party,
      new Date(now.getTime() - between(8, 70) * MINUTE),
      "incident",
      pick(["high", "medium", "low"]),
      pick(["high", "medium"]),
      pick(SUBJECTS[party.serviceKey]),
    );
    drafts.push(d);
  }
  for (let i = 0; i < 4; i++) {
    const party = weighted();
    const createdAt = new Date(now.getTime() - between(20, 50) * HOUR);
    const d = draft(
      party,
      createdAt,
      "incident",
      "medium",
      pick(["medium", "low"]),
      pick(SUBJECTS[party.serviceKey]),
    );
    const agent = staff[i % 2]!;
    d.row.assignee_membership_id = agent.membership;
    setStatus(d, new Date(createdAt.getTime() + 12 * MINUTE), "in_progress", agent);
    reply(d, new Date(createdAt.getTime() + 20 * MINUTE), "staff", agent);
    setStatus(d, new Date(createdAt.getTime() + 2 * HOUR), "awaiting_customer", agent, {
      body: "Could you send us the logs from the affected pods?",
    });
    drafts.push(d);
  }

  // Two outages: Managed Kubernetes last month (3 h 10 min: below Gold's 99.95 %), and Object Storage two months ago.
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const outages: Array<{
    key: Party["serviceKey"];
    start: Date;
    minutes: number;
    subject: string;
  }> = [
    {
      key: "kubernetes",
      start: new Date(
        Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() - 1, 14, 2, 10),
      ),
      minutes: 190,
      subject: "Production cluster API unreachable — all workloads affected",
    },
    {
      key: "storage",
      start: new Date(
        Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() - 2, 9, 13, 5),
      ),
      minutes: 35,
      subject: "Object Storage returns 503 for all uploads",
    },
  ];
  for (const outage of outages) {
    const party = parties.find((p) => p.serviceKey === outage.key);
    if (!party) continue;
    const createdAt = new Date(outage.start.getTime() + 4 * MINUTE);
    const end = new Date(outage.start.getTime() + outage.minutes * MINUTE);
    const d = draft(party, createdAt, "incident", "high", "high", outage.subject);
    const agent = staff[0]!;
    d.row.assignee_membership_id = agent.membership;
    d.row.group_id = outage.key === "kubernetes" ? group.id : null;
    setStatus(d, new Date(createdAt.getTime() + 3 * MINUTE), "in_progress", agent);
    reply(d, new Date(createdAt.getTime() + 8 * MINUTE), "staff", agent);
    if (outage.key === "kubernetes") {
      d.row.major_incident = true;
      d.events.push({
        at: new Date(createdAt.getTime() + 9 * MINUTE),
        kind: "major_incident",
        visibility: "internal",
        actor_membership_id: staff[1]!.membership,
        actor_label: staff[1]!.label,
        data: { majorIncident: true },
      });
    }
    d.row.is_outage = true;
    d.row.outage_service_id = party.serviceId;
    d.row.outage_start = outage.start;
    d.row.outage_end = end;
    d.events.push({
      at: new Date(end.getTime() + 15 * MINUTE),
      kind: "outage",
      visibility: "public",
      actor_membership_id: agent.membership,
      actor_label: agent.label,
      data: {
        serviceId: party.serviceId,
        serviceName: party.serviceName,
        start: outage.start.toISOString(),
        end: end.toISOString(),
      },
    });
    setStatus(d, new Date(end.getTime() + 20 * MINUTE), "resolved", agent, {
      body: "Service restored. A post-incident review will follow.",
    });
    setStatus(
      d,
      new Date(end.getTime() + 26 * HOUR),
      "closed",
      { membership: party.requester, label: customerLabel(party) },
      { reason: "resolution confirmed" },
    );
    drafts.push(d);
  }

  // Numbers in order of creation, per series; the clocks as the portal computes them.
  drafts.sort((a, b) => a.row.created_at.getTime() - b.row.created_at.getTime());
  const counters = { INC: 0, REQ: 0 };
  const crossings: Array<{
    tenant_id: string;
    ticket_id: string;
    clock: "response" | "resolution";
    kind: "warning" | "breach";
    cycle: number;
    crossed_at: Date;
    recorded_at: Date;
  }> = [];
  for (const d of drafts) {
    const series = d.row.kind === "incident" ? "INC" : "REQ";
    d.row.id = d.id;
    d.row.number = formatNumber(series, ++counters[series]);
    const version = d.party.sla.version;
    const sla = computeTicketSla({
      createdAt: d.row.created_at,
      statusChanges: d.statusChanges,
      firstResponseAt: (d.row.first_response_at as Date | null | undefined) ?? null,
      pauseStatuses: version.pauseStatuses,
      calendar: version.calendar,
      targets: version.targets[`P${d.row.priority}` as Priority],
      warningPercent: version.warningPercent,
      now,
    });
    const recorded = new Set<string>();
    const timeZone = typeof version.calendar === "string" ? "UTC" : version.calendar.timeZone;
    for (const c of sla.crossings) {
      recorded.add(crossingKey(c.clock, c.kind));
      const recordedAt = new Date(Math.min(c.at.getTime() + MINUTE, now.getTime()));
      crossings.push({
        tenant_id: tenantId,
        ticket_id: d.id,
        clock: c.clock,
        kind: c.kind,
        cycle: (d.row.sla_cycle as number | undefined) ?? 1,
        crossed_at: c.at,
        recorded_at: recordedAt,
      });
      d.events.push({
        at: recordedAt,
        kind: c.kind === "breach" ? "sla_breached" : "sla_warning",
        visibility: "internal",
        actor_membership_id: null,
        actor_label: "Covenant",
        body: describeClock(sla[c.clock], timeZone),
        data: { clock: c.clock, crossedAt: c.at.toISOString(), cycle: d.row.sla_cycle ?? 1 },
      });
    }
    Object.assign(d.row, {
      response_due_at: sla.response.dueAt,
      response_state: sla.response.state,
      response_breached_at: sla.response.breachedAt,
      resolution_due_at: sla.resolution.dueAt,
      resolution_state: sla.resolution.state,
      resolution_breached_at: sla.resolution.breachedAt,
      sla_at_risk: sla.atRisk,
      next_sla_check_at: nextCheckAt(sla, recorded),
    });
  }

  await withSystem(db, async (trx) => {
    for (let i = 0; i < drafts.length; i += 200) {
      await trx
        .insertInto("tickets")
        .values(drafts.slice(i, i + 200).map((d) => d.row))
        .execute();
    }
    const events = drafts.flatMap((d) =>
      d.events.map((e) => ({
        ...e,
        tenant_id: tenantId,
        ticket_id: d.id,
        customer_id: d.row.customer_id,
        data: JSON.stringify(e.data ?? {}),
      })),
    );
    for (let i = 0; i < events.length; i += 500)
      await trx
        .insertInto("ticket_events")
        .values(events.slice(i, i + 500))
        .execute();
    for (let i = 0; i < crossings.length; i += 500)
      await trx
        .insertInto("sla_crossings")
        .values(crossings.slice(i, i + 500))
        .execute();
    // Tickets raised while the Kubernetes outage ran relate to its major incident.
    const major = drafts.find((d) => d.row.major_incident);
    if (major) {
      const during = drafts
        .filter(
          (d) =>
            d !== major &&
            d.party.serviceKey === "kubernetes" &&
            Math.abs(d.row.created_at.getTime() - major.row.created_at.getTime()) < 2 * DAY,
        )
        .slice(0, 3);
      if (during.length) {
        await trx
          .insertInto("ticket_links")
          .values(
            during.map((d) => ({
              tenant_id: tenantId,
              ticket_id: d.id,
              linked_ticket_id: major.id,
              relation: "caused_by" as const,
              created_by_membership_id: ids.people.agent,
              created_at: major.row.created_at,
            })),
          )
          .execute();
      }
    }
    for (const [name, value] of Object.entries(counters)) {
      await trx
        .insertInto("counters")
        .values({ tenant_id: tenantId, name, value })
        .onConflict((oc) => oc.columns(["tenant_id", "name"]).doUpdateSet({ value }))
        .execute();
    }
    // The last few tickets' mail, so the outbox page shows what the portal sends.
    const recent = drafts.slice(-6);
    const contacts = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id", "users.email"])
      .where("memberships.tenant_id", "=", tenantId)
      .execute();
    const emailOf = new Map(contacts.map((c) => [c.id, c.email]));
    const mail = recent.map((d) => {
      const email = composeEmail({
        subject: `[${d.row.number}] We received your ticket: ${d.row.subject}`,
        tenantName: tenant.name,
        lines: [
          `We received ${d.row.number} "${d.row.subject}" (${PRIORITY_LABELS[d.row.priority as TicketPriority]}).`,
          "You can follow it, reply and add attachments in the portal.",
        ],
        link: { url: ticketUrl(tenant.slug, d.row.number), label: `Open ${d.row.number}` },
      });
      return {
        tenant_id: tenantId,
        to_address: emailOf.get(d.party.requester) ?? "customer@contoso.test",
        subject: email.subject,
        text_body: email.text,
        html_body: email.html,
        ticket_id: d.id,
        created_at: d.row.created_at,
        next_attempt_at: d.row.created_at,
      };
    });
    if (mail.length) await trx.insertInto("email_outbox").values(mail).execute();
    await recordAudit(trx, tenantId, SYSTEM_ACTOR, {
      action: "demo.tickets_seeded",
      entityType: "ticket",
      after: { tickets: drafts.length, ...counters },
    });
  });
  return { tickets: drafts.length, crossings: crossings.length };
}
