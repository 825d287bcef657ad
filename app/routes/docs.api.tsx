import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { API_ENDPOINTS } from "~/modules/api/endpoints.server";
import { buildOpenApi } from "~/modules/api/openapi";
import { API_SCOPES } from "~/modules/api/scopes";

export const meta: MetaFunction = () => [{ title: "API · Covenant" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  return { doc: buildOpenApi(API_ENDPOINTS, `${origin}/api/v1`), origin };
}

type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  "x-required-scope": string;
  parameters: Array<{ name: string; in: string; required: boolean; description?: string }>;
  requestBody?: { content: { "application/json": { schema: unknown } } };
  responses: Record<string, { description: string }>;
};

export default function ApiDocs() {
  const { doc, origin } = useLoaderData<typeof loader>();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as unknown as Record<string, Operation>).map(([method, op]) => ({
      path,
      method,
      op,
    })),
  );
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-3xl font-bold">Covenant API v1</h1>
      <p className="mt-3 text-slate-700">
        Everything a portal user does with tickets is scriptable. Authenticate with a key a tenant
        admin creates under <em>API keys</em>: <code>Authorization: Bearer cov_…</code>. Keys act
        inside their own tenant only. The machine-readable description is at{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
      </p>
      <h2 className="mt-8 text-xl font-semibold">Scopes</h2>
      <ul className="mt-2 list-disc pl-6 text-sm">
        {API_SCOPES.map((s) => (
          <li key={s.scope}>
            <code>{s.scope}</code> — {s.label}
          </li>
        ))}
      </ul>
      <h2 className="mt-8 text-xl font-semibold">Errors</h2>
      <p className="mt-2 text-sm text-slate-700">
        Every error has the same shape,{" "}
        <code>{`{ "error": { "code", "message", "field"? } }`}</code>: 400/422 invalid input (with
        the field), 401 missing or invalid key, 403 missing scope, 404 unknown id (or another
        tenant&apos;s), 409 conflict, 413 too large, 429 rate limited (with <code>Retry-After</code>
        ).
      </p>
      <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-4 text-xs text-slate-100">{`curl -H "Authorization: Bearer $COVENANT_KEY" ${origin}/api/v1/me`}</pre>
      <h2 className="mt-8 text-xl font-semibold">Operations</h2>
      <div className="mt-4 flex flex-col gap-4">
        {operations.map(({ path, method, op }) => (
          <section
            key={`${method} ${path}`}
            className="rounded-lg border border-slate-200 bg-white p-4"
            aria-labelledby={op.operationId}
          >
            <h3 id={op.operationId} className="font-mono text-sm font-semibold">
              <span className="mr-2 rounded bg-slate-900 px-2 py-0.5 text-white">
                {method.toUpperCase()}
              </span>
              {`/api/v1${path}`}
            </h3>
            <p className="mt-2 text-sm">{op.summary}</p>
            {op.description ? (
              <p className="mt-1 text-sm text-slate-600">{op.description}</p>
            ) : null}
            <p className="mt-2 text-xs text-slate-600">
              Scope: <code>{op["x-required-scope"]}</code>
            </p>
            {op.parameters.length ? (
              <table className="mt-3 text-xs">
                <caption className="sr-only">Parameters of {op.operationId}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="pr-4 text-left">
                      Parameter
                    </th>
                    <th scope="col" className="pr-4 text-left">
                      In
                    </th>
                    <th scope="col" className="text-left">
                      Required
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {op.parameters.map((p) => (
                    <tr key={`${p.in}-${p.name}`}>
                      <td className="pr-4 font-mono">{p.name}</td>
                      <td className="pr-4">{p.in}</td>
                      <td>{p.required ? "yes" : "no"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {op.requestBody ? (
              <details className="mt-3 text-xs">
                <summary className="cursor-pointer">Request body schema</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2">
                  {JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)}
                </pre>
              </details>
            ) : null}
            <p className="mt-2 text-xs text-slate-600">
              Responses: {Object.keys(op.responses).join(", ")}
            </p>
          </section>
        ))}
      </div>
    </main>
  );
}
