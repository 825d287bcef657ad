import { useEffect, useId, useState } from "react";
import { FieldError } from "../forms";
import { renderMarkdown } from "~/modules/tickets/markdown";

/**
 * A Markdown textarea with a "Preview" tab (where JavaScript runs), rendered by the same sanitising
 * renderer as the timeline, so what the preview shows is what the ticket will show.
 */
export function MarkdownField({
  label,
  name,
  error,
  hint = "Markdown works: **bold**, _italic_, `code`, lists, links and tables.",
  defaultValue = "",
  required,
  rows = 6,
  tone = "plain",
  maxLength = 20_000,
}: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  defaultValue?: string;
  required?: boolean;
  rows?: number;
  tone?: "plain" | "internal";
  maxLength?: number;
}) {
  const id = useId();
  const [hydrated, setHydrated] = useState(false);
  const [preview, setPreview] = useState(false);
  const [text, setText] = useState(defaultValue);
  useEffect(() => setHydrated(true), []);
  useEffect(() => setText(defaultValue), [defaultValue]);
  const tab = (on: boolean) =>
    `rounded-md px-2 py-1 text-xs font-medium ${on ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <div className="flex items-end justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {hydrated ? (
          <div className="flex gap-1" role="group" aria-label={`${label}: write or preview`}>
            <button
              type="button"
              className={tab(!preview)}
              aria-pressed={!preview}
              onClick={() => setPreview(false)}
            >
              Write
            </button>
            <button
              type="button"
              className={tab(preview)}
              aria-pressed={preview}
              onClick={() => setPreview(true)}
            >
              Preview
            </button>
          </div>
        ) : null}
      </div>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        maxLength={maxLength}
        value={text}
        onChange={(event) => setText(event.target.value)}
        hidden={preview}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1 block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:border-[var(--accent)] aria-[invalid=true]:border-red-600 ${
          tone === "internal" ? "border-amber-400 bg-amber-50" : "border-slate-300 bg-white"
        }`}
      />
      {preview ? (
        <div
          className="markdown mt-1 min-h-24 rounded-md border border-dashed border-slate-300 bg-white px-3 py-2 text-sm"
          aria-live="polite"
          // renderMarkdown escapes raw HTML and unsafe link protocols (see modules/tickets/markdown.ts).
          dangerouslySetInnerHTML={{
            __html: renderMarkdown(text) || "<p><em>Nothing to preview yet.</em></p>",
          }}
        />
      ) : null}
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}
