import { withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import { addRequestTypeField } from "../../app/modules/catalogue/add-request-type-field.server";
import { createRequestType } from "../../app/modules/catalogue/create-request-type.server";
import { createService } from "../../app/modules/catalogue/create-service.server";
import type { FieldKind } from "../../app/modules/catalogue/request-form";

type DemoField = {
  label: string;
  kind: FieldKind;
  required?: boolean;
  help?: string;
  options?: string[];
};
type DemoRequestType = { name: string; description: string; fields: DemoField[] };
type DemoService = {
  name: string;
  category: string;
  description: string;
  ownerEmail: string;
  requestTypes: DemoRequestType[];
};

const REGIONS = ["London (uk-south-1)", "Manchester (uk-north-1)", "Amsterdam (eu-west-3)"];

const NORTHWIND: Record<"kubernetes" | "storage" | "postgres", DemoService> = {
  kubernetes: {
    name: "Managed Kubernetes",
    category: "Compute",
    description:
      "Production Kubernetes clusters run by Northwind: we operate the control plane, upgrades and node health; you run your workloads.",
    ownerEmail: "admin@northwind.test",
    requestTypes: [
      {
        name: "New cluster",
        description: "A new cluster in the region of your choice, ready within one business day.",
        fields: [
          {
            label: "Cluster name",
            kind: "text",
            required: true,
            help: "Lowercase letters, digits and hyphens, e.g. shop-prod.",
          },
          { label: "Region", kind: "single_choice", required: true, options: REGIONS },
          { label: "Node count", kind: "number", required: true, help: "Worker nodes, 3 to 50." },
          {
            label: "Kubernetes version",
            kind: "single_choice",
            required: true,
            options: ["1.31", "1.32", "1.33"],
          },
          {
            label: "Add-ons",
            kind: "multiple_choice",
            options: ["Ingress controller", "cert-manager", "Cluster autoscaler", "Metrics server"],
          },
          {
            label: "Notes",
            kind: "long_text",
            help: "Anything we should know: network peering, maintenance preferences.",
          },
        ],
      },
      {
        name: "Scale a node pool",
        description: "Add or remove worker nodes in an existing cluster.",
        fields: [
          { label: "Cluster name", kind: "text", required: true },
          {
            label: "Node pool",
            kind: "text",
            required: true,
            help: "As shown in the console, e.g. default-pool.",
          },
          { label: "New node count", kind: "number", required: true },
          { label: "Needed by", kind: "date", help: "Leave empty for as soon as possible." },
        ],
      },
    ],
  },
  storage: {
    name: "Object Storage",
    category: "Storage",
    description:
      "S3-compatible object storage with eleven nines of durability, replicated across two UK sites.",
    ownerEmail: "agent@northwind.test",
    requestTypes: [
      {
        name: "Increase quota",
        description: "Raise the storage quota of your account.",
        fields: [
          { label: "Current quota (TB)", kind: "number", help: "As shown on your usage page." },
          { label: "Requested quota (TB)", kind: "number", required: true },
          {
            label: "Reason",
            kind: "long_text",
            required: true,
            help: "Expected growth helps us plan capacity.",
          },
        ],
      },
      {
        name: "New bucket with object lock",
        description: "Buckets with object lock (WORM) are created by us, for compliance retention.",
        fields: [
          { label: "Bucket name", kind: "text", required: true },
          { label: "Region", kind: "single_choice", required: true, options: REGIONS },
          {
            label: "Retention mode",
            kind: "single_choice",
            required: true,
            options: ["Governance", "Compliance"],
          },
          { label: "Retention period (days)", kind: "number", required: true },
        ],
      },
    ],
  },
  postgres: {
    name: "Managed PostgreSQL",
    category: "Databases",
    description:
      "Highly available PostgreSQL with daily backups kept for 35 days and point-in-time recovery.",
    ownerEmail: "admin@northwind.test",
    requestTypes: [
      {
        name: "Restore a backup",
        description: "Restore a database instance from one of its daily backups.",
        fields: [
          {
            label: "Database instance",
            kind: "text",
            required: true,
            help: "The instance name, e.g. orders-db-01.",
          },
          {
            label: "Backup date",
            kind: "date",
            required: true,
            help: "Backups are kept for 35 days.",
          },
          {
            label: "Restore target",
            kind: "single_choice",
            required: true,
            options: ["A new instance next to the original", "Replace the original instance"],
          },
          { label: "Reason", kind: "long_text" },
        ],
      },
      {
        name: "New database instance",
        description: "A new PostgreSQL instance with a primary and a standby.",
        fields: [
          { label: "Instance name", kind: "text", required: true },
          {
            label: "PostgreSQL version",
            kind: "single_choice",
            required: true,
            options: ["15", "16", "17"],
          },
          {
            label: "Size",
            kind: "single_choice",
            required: true,
            options: ["Small (2 vCPU, 8 GB)", "Medium (4 vCPU, 16 GB)", "Large (8 vCPU, 32 GB)"],
          },
          { label: "Storage (GB)", kind: "number", required: true },
          {
            label: "Extensions",
            kind: "multiple_choice",
            options: ["PostGIS", "pgvector", "pg_stat_statements", "TimescaleDB"],
          },
        ],
      },
    ],
  },
};

const FABRIKAM_WEB_HOSTING: DemoService = {
  name: "Web Hosting",
  category: "Hosting",
  description: "Managed hosting for websites and web shops, with daily backups and a CDN.",
  ownerEmail: "admin@fabrikam.test",
  requestTypes: [
    {
      name: "New website",
      description: "A new hosted website on the plan of your choice.",
      fields: [
        { label: "Domain name", kind: "text", required: true, help: "e.g. www.example.com" },
        {
          label: "Plan",
          kind: "single_choice",
          required: true,
          options: ["Starter", "Business", "Premium"],
        },
        { label: "Go-live date", kind: "date" },
      ],
    },
  ],
};

async function membershipIdOf(db: Db, tenantId: string, email: string) {
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("memberships.id")
      .where("memberships.tenant_id", "=", tenantId)
      .where("users.email", "=", email)
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** Creates one service with its request types and fields through the catalogue's own use cases. */
async function seedService(db: Db, tenantId: string, demo: DemoService) {
  const member = { ctx: { tenantId }, actor: SYSTEM_ACTOR };
  const service = await createService(db, member, {
    name: demo.name,
    category: demo.category,
    description: demo.description,
    ownerMembershipId: await membershipIdOf(db, tenantId, demo.ownerEmail),
  });
  for (const rt of demo.requestTypes) {
    const requestType = await createRequestType(db, member, {
      serviceId: service.id,
      name: rt.name,
      description: rt.description,
    });
    for (const field of rt.fields) {
      await addRequestTypeField(db, member, {
        serviceId: service.id,
        requestTypeId: requestType.id,
        label: field.label,
        kind: field.kind,
        required: field.required ?? false,
        helpText: field.help ?? "",
        options: field.options ?? [],
      });
    }
  }
  return service.id;
}

/** Northwind's catalogue; the ids let the rest of the seed attach contracts to the services. */
export async function seedNorthwindCatalogue(db: Db, tenantId: string) {
  return {
    kubernetes: await seedService(db, tenantId, NORTHWIND.kubernetes),
    storage: await seedService(db, tenantId, NORTHWIND.storage),
    postgres: await seedService(db, tenantId, NORTHWIND.postgres),
  };
}

export async function seedFabrikamCatalogue(db: Db, tenantId: string) {
  return { webHosting: await seedService(db, tenantId, FABRIKAM_WEB_HOSTING) };
}
