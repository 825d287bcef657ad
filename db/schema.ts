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

/** "HH:MM" window pairs per weekday, 0 = Sunday: the sla-engine's Calendar.weekly shape. */
export type WeeklyWindows = Record<string, Array<[string, string]>>;
export type CreditTierRow = { below: number; percent: number };
type DateColumn = ColumnType<string, string, string>;
type NumericColumn = ColumnType<string, string | number, string | number>;
type WeeklyColumn = ColumnType<WeeklyWindows, string, string>;
type CreditTiersColumn = ColumnType<CreditTierRow[], string | undefined, string>;
type TextArrayColumn = ColumnType<string[], string[] | undefined, string[]>;

export interface CalendarsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  time_zone: string;
  weekly: WeeklyColumn;
  is_24x7: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CalendarHolidaysTable {
  tenant_id: string;
  id: Generated<string>;
  calendar_id: string;
  date: DateColumn;
  name: string;
  created_at: Generated<Date>;
}

export interface SlaPoliciesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  current_version_id: string | null;
  created_at: Generated<Date>;
}

export interface SlaPolicyVersionsTable {
  tenant_id: string;
  id: Generated<string>;
  policy_id: string;
  version: number;
  calendar_id: string;
  p1_response_minutes: number;
  p1_resolution_minutes: number;
  p2_response_minutes: number;
  p2_resolution_minutes: number;
  p3_response_minutes: number;
  p3_resolution_minutes: number;
  p4_response_minutes: number;
  p4_resolution_minutes: number;
  pause_statuses: TextArrayColumn;
  warning_percent: number;
  availability_target: NumericColumn;
  credit_tiers: CreditTiersColumn;
  p1_breach_credit: Generated<number>;
  p2_breach_credit: Generated<number>;
  p3_breach_credit: Generated<number>;
  p4_breach_credit: Generated<number>;
  credit_cap_percent: NumericColumn;
  created_by: string | null;
  created_at: Generated<Date>;
  change_note: Generated<string>;
}

export interface ContractsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  service_id: string;
  sla_policy_id: string;
  monthly_fee: number;
  currency: string;
  starts_on: DateColumn;
  ends_on: ColumnType<string | null, string | null, string | null>;
  stripe_customer_id: string | null;
  created_at: Generated<Date>;
}

export type ApiScope = "tickets:read" | "tickets:write" | "reports:read" | "alerts:ingest";

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  scopes: ApiScope[];
  secret_hash: string;
  last_four: string;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ApiRateWindowsTable {
  tenant_id: string;
  api_key_id: string;
  window_start: Timestamp;
  requests: Generated<number>;
}

export type TicketKind = "incident" | "request";
export type TicketStatusValue = "new" | "in_progress" | "awaiting_customer" | "resolved" | "closed";
export type Level = "high" | "medium" | "low";
export type ClockStateValue = "running" | "paused" | "met" | "breached";
export type Visibility = "public" | "internal";
export type TicketEventKindValue =
  | "created"
  | "status_changed"
  | "priority_changed"
  | "assigned"
  | "public_reply"
  | "internal_note"
  | "sla_warning"
  | "sla_breached"
  | "linked"
  | "major_incident"
  | "outage"
  | "rated"
  | "reopened";
/** impact → urgency → priority 1–4 */
export type PriorityMatrix = Record<Level, Record<Level, number>>;
type JsonObject<T> = ColumnType<T, string | undefined, string>;
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface TicketSettingsTable {
  tenant_id: string;
  auto_close_days: Generated<number>;
  priority_matrix: JsonObject<PriorityMatrix>;
  escalation_emails: TextArrayColumn;
  updated_at: Generated<Date>;
}

export interface AgentGroupsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  created_at: Generated<Date>;
}

export interface AgentGroupMembersTable {
  tenant_id: string;
  group_id: string;
  membership_id: string;
}

export interface TicketsTable {
  tenant_id: string;
  id: Generated<string>;
  number: string;
  kind: TicketKind;
  customer_id: string;
  service_id: string;
  contract_id: string;
  sla_policy_version_id: string;
  request_type_id: string | null;
  answers: JsonObject<Record<string, unknown>>;
  subject: string;
  description: Generated<string>;
  impact: Level;
  urgency: Level;
  priority: number;
  priority_override_reason: string | null;
  status: Generated<TicketStatusValue>;
  assignee_membership_id: string | null;
  group_id: string | null;
  requester_membership_id: string | null;
  major_incident: Generated<boolean>;
  is_outage: Generated<boolean>;
  outage_service_id: string | null;
  outage_start: Timestamp | null;
  outage_end: Timestamp | null;
  created_at: Timestamp;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  response_due_at: Timestamp | null;
  response_state: Generated<ClockStateValue>;
  response_breached_at: Timestamp | null;
  resolution_due_at: Timestamp | null;
  resolution_state: Generated<ClockStateValue>;
  resolution_breached_at: Timestamp | null;
  sla_at_risk: Generated<boolean>;
  sla_cycle: Generated<number>;
  next_sla_check_at: Timestamp | null;
}

export interface TicketEventsTable {
  tenant_id: string;
  id: Generated<string>;
  ticket_id: string;
  customer_id: string;
  at: Timestamp;
  kind: TicketEventKindValue;
  visibility: Visibility;
  actor_membership_id: string | null;
  actor_label: string;
  body: Generated<string>;
  data: JsonObject<Record<string, unknown>>;
  recorded_at: Generated<Date>;
}

export interface StoredFilesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string | null;
  content: Bytes;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Generated<Date>;
}

export interface TicketAttachmentsTable {
  tenant_id: string;
  id: Generated<string>;
  ticket_id: string;
  customer_id: string;
  event_id: string | null;
  file_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  visibility: Visibility;
  uploaded_by_membership_id: string | null;
  created_at: Timestamp;
}

export interface TicketLinksTable {
  tenant_id: string;
  id: Generated<string>;
  ticket_id: string;
  linked_ticket_id: string;
  relation: "relates_to" | "duplicate_of" | "caused_by";
  created_by_membership_id: string | null;
  created_at: Timestamp;
}

export interface SlaCrossingsTable {
  tenant_id: string;
  id: Generated<string>;
  ticket_id: string;
  clock: "response" | "resolution";
  kind: "warning" | "breach";
  cycle: number;
  crossed_at: Timestamp;
  recorded_at: Timestamp;
}

export interface EmailOutboxTable {
  tenant_id: string;
  id: Generated<string>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  ticket_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
}

export type WebhookEventType =
  "ticket.created" | "ticket.status_changed" | "ticket.sla_warning" | "ticket.sla_breached";

export interface WebhookEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  description: Generated<string>;
  events: WebhookEventType[];
  secret_sealed: string;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: Json;
  status: Generated<"pending" | "delivered" | "failed">;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Timestamp | null;
}

export interface AlertRoutesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  matchers: ColumnType<Record<string, string>, string, string>;
  customer_id: string;
  service_id: string;
  impact: Generated<"high" | "medium" | "low">;
  urgency: Generated<"high" | "medium" | "low">;
  auto_resolve: Generated<boolean>;
  position: Generated<number>;
  created_at: Generated<Date>;
}

export interface AlertEventsTable {
  tenant_id: string;
  id: Generated<string>;
  fingerprint: string;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  alertname: Generated<string>;
  labels: ColumnType<Record<string, string>, string, string>;
  route_id: string | null;
  customer_id: string | null;
  ticket_id: string | null;
  status: "firing" | "resolved" | "unrouted";
  received_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type CreditState =
  | "computed"
  | "adjusted"
  | "approved"
  | "issuing"
  | "issued"
  | "reconciled"
  | "rejected"
  | "failed";
type JsonRecordColumn = ColumnType<Record<string, unknown>, string, string>;
type NullableJsonRecordColumn = ColumnType<
  Record<string, unknown> | null,
  string | null | undefined,
  string | null
>;

export interface MaintenanceWindowsTable {
  tenant_id: string;
  id: Generated<string>;
  service_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  description: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CreditRunsTable {
  tenant_id: string;
  id: Generated<string>;
  period: DateColumn;
  trigger: "manual" | "schedule";
  run_by: string | null;
  run_by_label: string;
  started_at: Generated<Date>;
  summary: JsonRecordColumn;
}

export interface ServiceCreditsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  contract_id: string;
  period: DateColumn;
  currency: string;
  state: Generated<CreditState>;
  computed_amount: number;
  amount: number;
  explanation: JsonRecordColumn;
  inputs_hash: string;
  computed_by: string | null;
  computed_by_label: string;
  computed_at: Timestamp;
  latest_inputs_hash: string | null;
  latest_amount: number | null;
  latest_explanation: NullableJsonRecordColumn;
  inputs_changed_at: Timestamp | null;
  adjusted_by: string | null;
  adjusted_at: Timestamp | null;
  adjustment_reason: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  rejected_by: string | null;
  rejected_at: Timestamp | null;
  rejection_reason: string | null;
  issue_requested_by: string | null;
  issue_requested_at: Timestamp | null;
  idempotency_key: string | null;
  stripe_customer_id: string | null;
  stripe_balance_transaction_id: string | null;
  issue_attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  last_error_permanent: Generated<boolean>;
  issued_at: Timestamp | null;
  reconcile_attempts: Generated<number>;
  next_reconcile_at: Timestamp | null;
  reconciled_at: Timestamp | null;
  reconciled_via: "webhook" | "worker" | "manual" | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StripeSettingsTable {
  tenant_id: string;
  secret_key_sealed: string;
  secret_key_last4: string;
  webhook_secret_sealed: string | null;
  webhook_secret_last4: string | null;
  api_mode: Generated<"stripe" | "mock">;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface StripeWebhookEventsTable {
  tenant_id: string;
  id: Generated<string>;
  event_id: string;
  event_type: string;
  received_at: Generated<Date>;
  processed_at: Timestamp | null;
  credits_reconciled: Generated<number>;
}

export interface ReportRollupEpochsTable {
  tenant_id: string;
  epoch: Generated<number>;
}

export interface ReportRollupMonthsTable {
  tenant_id: string;
  customer_id: string;
  month: DateColumn;
  invalidations: Generated<number>;
  computed_invalidations: number | null;
  computed_epoch: number | null;
  computed_at: Timestamp | null;
}

export interface ReportMonthRollupsTable {
  tenant_id: string;
  month: DateColumn;
  customer_id: string;
  service_id: string;
  priority: number;
  opened: number;
  resolved: number;
  response_met: number;
  response_breached: number;
  resolution_met: number;
  resolution_breached: number;
  answered: number;
  answer_wall_minutes: number;
  answer_business_minutes: number;
  resolve_wall_minutes: number;
  resolve_business_minutes: number;
  rating_1: number;
  rating_2: number;
  rating_3: number;
  rating_4: number;
  rating_5: number;
}

export interface CustomerAccountManagersTable {
  tenant_id: string;
  customer_id: string;
  membership_id: string;
  assigned_at: Generated<Date>;
}

export interface ServiceReviewsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  title: string;
  period_start: DateColumn;
  period_end: DateColumn;
  meeting_on: DateColumn;
  agenda: Generated<string>;
  attendees: Generated<string>;
  minutes: Generated<string>;
  decisions: Generated<string>;
  pack: ColumnType<unknown, string, string>;
  pack_frozen_at: Timestamp;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Timestamp | null;
  published_by: string | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
}

export type ReviewActionStatus = "open" | "in_progress" | "done";

export interface ReviewActionsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  review_id: string;
  title: string;
  owner_membership_id: string;
  due_on: DateColumn;
  status: Generated<ReviewActionStatus>;
  done_at: Timestamp | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ServiceReviewActionsTable {
  tenant_id: string;
  review_id: string;
  action_id: string;
  customer_id: string;
  carried_over: boolean;
}

export interface Database {
  alert_routes: AlertRoutesTable;
  alert_events: AlertEventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  api_keys: ApiKeysTable;
  api_rate_windows: ApiRateWindowsTable;
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
  calendars: CalendarsTable;
  calendar_holidays: CalendarHolidaysTable;
  sla_policies: SlaPoliciesTable;
  sla_policy_versions: SlaPolicyVersionsTable;
  contracts: ContractsTable;
  ticket_settings: TicketSettingsTable;
  agent_groups: AgentGroupsTable;
  agent_group_members: AgentGroupMembersTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  stored_files: StoredFilesTable;
  ticket_attachments: TicketAttachmentsTable;
  ticket_links: TicketLinksTable;
  sla_crossings: SlaCrossingsTable;
  email_outbox: EmailOutboxTable;
  maintenance_windows: MaintenanceWindowsTable;
  credit_runs: CreditRunsTable;
  service_credits: ServiceCreditsTable;
  stripe_settings: StripeSettingsTable;
  stripe_webhook_events: StripeWebhookEventsTable;
  report_rollup_epochs: ReportRollupEpochsTable;
  report_rollup_months: ReportRollupMonthsTable;
  report_month_rollups: ReportMonthRollupsTable;
  customer_account_managers: CustomerAccountManagersTable;
  service_reviews: ServiceReviewsTable;
  review_actions: ReviewActionsTable;
  service_review_actions: ServiceReviewActionsTable;
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
export type CalendarRow = Selectable<CalendarsTable>;
export type CalendarHoliday = Selectable<CalendarHolidaysTable>;
export type SlaPolicy = Selectable<SlaPoliciesTable>;
export type SlaPolicyVersion = Selectable<SlaPolicyVersionsTable>;
export type Contract = Selectable<ContractsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type TicketSettings = Selectable<TicketSettingsTable>;
export type AgentGroup = Selectable<AgentGroupsTable>;
export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketEvent = Selectable<TicketEventsTable>;
export type NewTicketEvent = Insertable<TicketEventsTable>;
export type StoredFile = Selectable<StoredFilesTable>;
export type TicketAttachment = Selectable<TicketAttachmentsTable>;
export type TicketLink = Selectable<TicketLinksTable>;
export type SlaCrossing = Selectable<SlaCrossingsTable>;
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type MaintenanceWindow = Selectable<MaintenanceWindowsTable>;
export type CreditRun = Selectable<CreditRunsTable>;
export type ServiceCredit = Selectable<ServiceCreditsTable>;
export type StripeSettings = Selectable<StripeSettingsTable>;
export type ReportMonthRollup = Selectable<ReportMonthRollupsTable>;
export type ServiceReview = Selectable<ServiceReviewsTable>;
export type ReviewAction = Selectable<ReviewActionsTable>;
