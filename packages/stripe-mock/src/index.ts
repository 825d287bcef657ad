export { startStripeMock } from "./server";
export type { RequestLogEntry, StripeMock, StripeMockOptions } from "./server";
export { FaultController, FAULT_MODES, faultToJson } from "./faults";
export type { Fault, FaultJson, FaultMode, FaultSpec } from "./faults";
export { signPayload } from "./webhooks";
export type { WebhookConfig, WebhookDelivery } from "./webhooks";
export { parseForm, FormParseError } from "./form";
export type { ParamMap, ParamValue } from "./form";
export type { StripeErrorBody, StripeErrorType } from "./errors";
export type {
  Customer,
  CustomerBalanceTransaction,
  ListResponse,
  Metadata,
  StripeEvent,
  StripeObject,
} from "./objects";
