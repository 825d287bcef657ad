const TITLES: Record<number, string> = {
  400: "That request could not be read",
  403: "You do not have access to this",
  404: "Page not found",
  413: "That was too large",
  429: "Slow down",
  500: "Something went wrong",
};

const DEFAULTS: Record<number, string> = {
  403: "Your role does not include this. Ask your workspace admin if you need it.",
  404: "The page may have moved, or you may not have access to it.",
  500: "An unexpected error stopped this page. Please try again; if it keeps happening, quote the reference below to support.",
};

export function ErrorView(props: { status: number; message?: string; reference?: string }) {
  const title = TITLES[props.status] ?? "Something went wrong";
  const message = props.status >= 500 ? DEFAULTS[500] : (props.message ?? DEFAULTS[props.status]);
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <p className="text-sm font-semibold text-slate-500">Error {props.status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      {message ? <p className="mt-4 text-slate-700">{message}</p> : null}
      {props.reference ? (
        <p className="mt-4 text-sm text-slate-500">
          Reference: <code>{props.reference}</code>
        </p>
      ) : null}
      <p className="mt-8">
        <a href="/">Back to Covenant</a>
      </p>
    </main>
  );
}
