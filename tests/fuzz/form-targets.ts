import type { TestTenant } from "../support/factories";

/** Who posts: a member of the test tenant by role, nobody signed in, or the platform operator. */
export type Persona = keyof TestTenant["people"] | "anonymous" | "operator";

export type FuzzTenant = TestTenant & { invitationToken: string };

/**
 * How to fuzz one route's action. The fields and intents come from the route's own pages (the
 * forms that post to it, read as a browser would); this says who may post and what the pages do not
 * show on their own.
 */
export type FormTarget = {
  /** the signed-in people whose forms are fuzzed (each is a separate run) */
  as: Persona[];
  /** share of the per-target request count (an action that signs its caller out is slow) */
  weight?: number;
  /** the URL to post to, when the route's params are not filled by `urlFor` */
  url?: (t: FuzzTenant) => string;
  /** pages (besides the route's own) whose forms post here, relative to the tenant, e.g. "tickets/new?kind=request" */
  harvest?: (t: FuzzTenant) => string[];
  /** intents the action knows that its pages show only in other states */
  intents?: string[];
  /** people whose view of the route's pages has no form posting to it (the action is fuzzed all the same) */
  noForms?: Persona[];
  /** fields (and valid values) the pages do not show, e.g. an action's optional inputs */
  fields?: (t: FuzzTenant) => Record<string, string[]>;
};

const id = (t: FuzzTenant) => ({
  customerId: t.customers.map((c) => c.id),
  serviceId: [t.serviceId],
  membershipId: Object.values(t.people).map((p) => p.membershipId),
});

/** Every route with an action, by the pattern the build gives it. */
export const FORM_TARGETS: Record<string, FormTarget> = {
  "/*": { as: ["anonymous", "admin"], url: () => "/no/such/page", noForms: ["anonymous", "admin"] },
  "/platform": { as: ["operator"] },
  "/sign-in": { as: ["anonymous"] },
  "/sign-out": { as: ["anonymous", "customer"], weight: 0.3 },
  "/t/:tenant/sign-in": { as: ["anonymous"] },
  "/t/:tenant/invite/:token": {
    as: ["anonymous"],
    url: (t) => `/t/${t.slug}/invite/${t.invitationToken}`,
  },
  "/webhooks/stripe/:tenant": { as: ["anonymous"], url: (t) => `/webhooks/stripe/${t.slug}` },
  "/t/:tenant/account": { as: ["customer"], weight: 0.25 },
  "/t/:tenant/alert-routes": { as: ["admin"] },
  "/t/:tenant/api-keys": { as: ["admin"] },
  "/t/:tenant/billing-settings": { as: ["admin"] },
  "/t/:tenant/calendars/:calendarId": { as: ["admin"] },
  "/t/:tenant/calendars/:calendarId/holidays": {
    as: ["admin"],
    intents: ["add", "remove", "import"],
  },
  "/t/:tenant/calendars/new": { as: ["admin"] },
  "/t/:tenant/contracts": { as: ["admin"], intents: ["end"], fields: id },
  "/t/:tenant/contracts/new": { as: ["admin"] },
  "/t/:tenant/credits/:creditId": {
    as: ["finance"],
    intents: ["adjust", "reject", "acknowledge", "approve", "accept", "issue"],
  },
  "/t/:tenant/credits": { as: ["finance"], intents: ["run", "reconcile"] },
  "/t/:tenant/credits/maintenance": { as: ["admin"], intents: ["create", "update", "delete"] },
  "/t/:tenant/customers": { as: ["admin"] },
  "/t/:tenant/groups": { as: ["admin"], intents: ["create", "members"], fields: id },
  "/t/:tenant/policies/:policyId/edit": { as: ["admin"] },
  "/t/:tenant/policies/new": { as: ["admin"] },
  "/t/:tenant/portfolio": {
    as: ["admin", "accountManager"],
    noForms: ["accountManager"],
    fields: id,
  },
  "/t/:tenant/reviews/:reviewId": {
    as: ["accountManager", "customer"],
    intents: ["acknowledge", "update", "add-action", "update-action", "publish"],
  },
  "/t/:tenant/reviews": { as: ["accountManager"], fields: id },
  "/t/:tenant/services": { as: ["admin"] },
  "/t/:tenant/services/:serviceId": { as: ["admin"] },
  "/t/:tenant/services/:serviceId/request-types/:requestTypeId": {
    as: ["admin"],
    intents: ["preview", "update-field", "remove-field", "move-field"],
  },
  "/t/:tenant/settings": { as: ["admin"] },
  "/t/:tenant/settings/tickets": { as: ["admin"] },
  "/t/:tenant/tickets/:number": {
    as: ["agent", "customer"],
    intents: ["reply", "note", "status", "reopen", "confirm", "rate", "assign", "priority"],
    fields: (t) => ({ rating: ["1", "5"], otherNumber: [t.otherTicketNumber] }),
  },
  "/t/:tenant/tickets/new": {
    as: ["customer", "agent"],
    harvest: (t) => [
      "tickets/new",
      `tickets/new?kind=request&requestTypeId=${t.requestTypeId}`,
      `tickets/new?kind=request&customerId=${t.customers[0]!.id}&requestTypeId=${t.requestTypeId}`,
    ],
    fields: id,
  },
  "/t/:tenant/users": { as: ["admin"], intents: ["invite", "deactivate", "reactivate", "revoke"] },
  "/t/:tenant/webhooks/:endpointId": {
    as: ["admin"],
    intents: ["enable", "disable", "roll", "retry", "delete"],
  },
  "/t/:tenant/webhooks": { as: ["admin"] },
};

/** Routes with an action that this suite does not post forms to, and why. */
export const NOT_FORM_FUZZED: Record<string, string> = {
  "/api/v1/*":
    "the REST API: fuzzed per OpenAPI operation in tests/fuzz/api.test.ts (JSON, not forms)",
  "/auth/*":
    "Auth.js's own endpoints (its CSRF token, not ours); the sign-in forms that call it are fuzzed through /sign-in and /t/:tenant/sign-in",
};
