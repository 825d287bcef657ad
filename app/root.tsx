import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useState } from "react";
import { ErrorView } from "./components/error-view";
import { ERROR_REFERENCE_COOKIE } from "./modules/errors";
import styles from "./app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  return { csrfToken: context.csrfToken };
}

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    return (
      <ErrorView
        status={error.status}
        message={typeof error.data === "string" ? error.data : undefined}
      />
    );
  }
  return <UnexpectedError />;
}

/**
 * Pages rendered on the server never get here with a 500 (the edge answers those with its own
 * page): this is the client router's error page, and the failed request's reference is in the
 * cookie the edge set on it (the root loader's id would be that of an earlier request).
 */
function UnexpectedError() {
  const [reference, setReference] = useState<string>();
  useEffect(() => {
    const cookie = document.cookie
      .split("; ")
      .find((c) => c.startsWith(`${ERROR_REFERENCE_COOKIE}=`));
    setReference(cookie?.slice(ERROR_REFERENCE_COOKIE.length + 1));
    // Read once: a later error that sets none (the network, a rendering bug) must not show this one.
    document.cookie = `${ERROR_REFERENCE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  }, []);
  return <ErrorView status={500} reference={reference} />;
}
