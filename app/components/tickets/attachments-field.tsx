import { useId, useState } from "react";
import { FieldError } from "../forms";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_UPLOAD } from "~/modules/tickets/constants";

const MB = 1024 * 1024;

/** What the browser can tell before uploading (the server checks again, and checks the bytes). */
export function attachmentProblem(files: ArrayLike<{ name: string; size: number }>) {
  if (files.length > MAX_ATTACHMENTS_PER_UPLOAD)
    return `Attach at most ${MAX_ATTACHMENTS_PER_UPLOAD} files at a time.`;
  for (const file of Array.from(files)) {
    if (file.size > MAX_ATTACHMENT_BYTES) {
      return `"${file.name}" is ${(file.size / MB).toFixed(1)} MB: attachments can be at most ${MAX_ATTACHMENT_BYTES / MB} MB.`;
    }
  }
  return null;
}

/**
 * `<input type=file multiple>` named "attachments". The form posts multipart/form-data; a file over
 * the limit is flagged here at once (so nobody waits for a 10 MB upload to be refused).
 */
export function AttachmentsField({
  error,
  label = "Attachments",
}: {
  error?: string;
  label?: string;
}) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const shown = problem ?? error;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label} <span className="font-normal text-slate-500">(optional)</span>
      </label>
      <input
        id={id}
        type="file"
        name="attachments"
        multiple
        aria-invalid={shown ? true : undefined}
        aria-describedby={`${id}-hint${shown ? ` ${id}-error` : ""}`}
        onChange={(event) => {
          const message = attachmentProblem(event.currentTarget.files ?? []);
          event.currentTarget.setCustomValidity(message ?? "");
          setProblem(message);
        }}
        className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-50"
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        Up to {MAX_ATTACHMENTS_PER_UPLOAD} files, {MAX_ATTACHMENT_BYTES / MB} MB each: screenshots,
        PDFs, logs, office documents or ZIP files.
      </p>
      <FieldError id={`${id}-error`} error={shown ?? undefined} />
    </div>
  );
}

/** "12 KB", "3.4 MB" */
export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** Form onSubmit: stops a submission whose files the browser already knows will be refused. */
export function blockRefusedUploads(event: React.FormEvent<HTMLFormElement>) {
  for (const input of Array.from(
    event.currentTarget.querySelectorAll<HTMLInputElement>("input[type=file]"),
  )) {
    if (input.files && attachmentProblem(input.files)) {
      event.preventDefault();
      input.focus();
      return;
    }
  }
}
