import type { Endpoint } from "./define-endpoint";
import { alertmanagerWebhook } from "./endpoints/alertmanager.server";
import {
  getService,
  listContracts,
  listCustomers,
  listServices,
  whoAmI,
} from "./endpoints/directory.server";
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
  listServices,
  getService,
  listCustomers,
  listContracts,
  alertmanagerWebhook,
  whoAmI,
];
