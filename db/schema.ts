/**
 * Kysely table types, kept exactly in step with db/migrations (tests/schema-types.test.ts compares
 * the columns listed here with the catalogue). Use Selectable/Insertable/Updateable aliases, never
 * these interfaces as query results.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

export type Role = "tenant_admin" | "agent" | "account_manager" | "finance" | "customer";

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  accent_color: Generated<string>;
  logo_url: string | null;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: Generated<string>;
  password_hash: string | null;
  session_version: Generated<number>;
  created_at: Generated<Date>;
}

export interface CustomersTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface MembershipsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  role: Role;
  customer_id: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CountersTable {
  tenant_id: string;
  name: string;
  value: Generated<number>;
}

export interface InvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  role: Role;
  customer_id: string | null;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface AuditEventsTable {
  tenant_id: string;
  id: Generated<string>;
  at: Generated<Date>;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  request_id: string | null;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  account: string;
  address: string;
  at: Generated<Date>;
}

export type ServiceStatus = "live" | "retiring" | "retired";
export type FieldKind =
  "text" | "long_text" | "number" | "date" | "single_choice" | "multiple_choice";

export interface ServicesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  category: Generated<string>;
  owner_membership_id: string | null;
  status: Generated<ServiceStatus>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RequestTypesTable {
  tenant_id: string;
  id: Generated<string>;
  service_id: string;
  name: string;
  description: Generated<string>;
  active: Generated<boolean>;
  position: Generated<number>;
  created_at: Generated<Date>;
}

export interface RequestTypeFieldsTable {
  tenant_id: string;
  id: Generated<string>;
  request_type_id: string;
  key: string;
  label: string;
  kind: FieldKind;
  required: Generated<boolean>;
  help_text: Generated<string>;
  options: ColumnType<string[], string | undefined, string>;
  position: Generated<number>;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  customers: CustomersTable;
  memberships: MembershipsTable;
  counters: CountersTable;
  invitations: InvitationsTable;
  audit_events: AuditEventsTable;
  sign_in_attempts: SignInAttemptsTable;
  services: ServicesTable;
  request_types: RequestTypesTable;
  request_type_fields: RequestTypeFieldsTable;
}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type Membership = Selectable<MembershipsTable>;
export type MembershipUpdate = Updateable<MembershipsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type Service = Selectable<ServicesTable>;
export type RequestType = Selectable<RequestTypesTable>;
export type RequestTypeField = Selectable<RequestTypeFieldsTable>;
