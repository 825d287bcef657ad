/** The files a multipart form sent under `name` (an empty file input sends one nameless, empty file: skipped). */
export async function uploadedFiles(formData: FormData, name = "attachments") {
  const files: Array<{ filename: string; bytes: Uint8Array }> = [];
  for (const value of formData.getAll(name)) {
    if (typeof value === "string") continue;
    if (value.size === 0 && !value.name) continue;
    files.push({ filename: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return files;
}
