/**
 * Runs the mock as a standalone server:
 *
 *   npx tsx packages/stripe-mock/src/cli.ts --port 12111 [--host 127.0.0.1]
 *     [--webhook-url http://127.0.0.1:3000/webhooks/stripe --webhook-secret whsec_…] [--quiet]
 *
 * Prints `stripe-mock listening on <url>` once ready and logs one line per API request.
 */
import { parseArgs } from "node:util";
import { startStripeMock } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env["STRIPE_MOCK_PORT"] ?? "12111" },
    host: { type: "string", default: "127.0.0.1" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(
    "usage: tsx packages/stripe-mock/src/cli.ts [--port 12111] [--host 127.0.0.1] " +
      "[--webhook-url URL --webhook-secret SECRET] [--quiet]",
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}
if (Boolean(values["webhook-url"]) !== Boolean(values["webhook-secret"])) {
  console.error("--webhook-url and --webhook-secret go together");
  process.exit(2);
}

const mock = await startStripeMock({
  port,
  host: values.host,
  ...(values["webhook-url"] && values["webhook-secret"]
    ? { webhook: { url: values["webhook-url"], secret: values["webhook-secret"] } }
    : {}),
  ...(values.quiet
    ? {}
    : {
        onRequest: (e) => {
          const key = e.account ? `…${e.account.slice(-4)}` : "-";
          const extras = [
            e.idempotencyKey ? `idem=${e.idempotencyKey}` : "",
            e.replayed ? "replayed" : "",
            e.fault ? `fault=${e.fault}` : "",
          ].filter(Boolean);
          const status = e.status ?? e.outcome;
          console.log(
            `${new Date(e.time).toISOString()} ${e.method} ${e.path} ${status} key=${key} ${extras.join(" ")}`.trimEnd(),
          );
        },
      }),
});

console.log(`stripe-mock listening on ${mock.url}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void mock.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
