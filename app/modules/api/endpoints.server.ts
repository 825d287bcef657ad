import type { Endpoint } from "./define-endpoint";
import { alertmanagerWebhook } from "./endpoints/alertmanager.server";
import {
  getCustomer,
  getCustomerIntake,
  getService,
  listAssignees,
  listContracts,
  listCustomers,
  listServices,
  whoAmI,
} from "./endpoints/directory.server";
import { getSlaReport } from "./endpoints/reports.server";
import {
  addCommentEndpoint,
  createTicketEndpoint,
  getTicketEndpoint,
  listCommentsEndpoint,
  listTicketsEndpoint,
  updateTicketEndpoint,
} from "./endpoints/tickets.server";

/** Every /api/v1 operation, in the order the documentation lists them. */
export const API_ENDPOINTS: Endpoint[] = [
  listTicketsEndpoint,
  createTicketEndpoint,
  getTicketEndpoint,
  updateTicketEndpoint,
  listCommentsEndpoint,
  addCommentEndpoint,
  listAssignees,
  listServices,
  getService,
  listCustomers,
  getCustomer,
  getCustomerIntake,
  listContracts,
  getSlaReport,
  alertmanagerWebhook,
  whoAmI,
];
