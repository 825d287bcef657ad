/**
 * Plain, readable notification emails: a text part and an HTML part saying the same thing, with a
 * link back to the portal. `bodyHtml` is already-sanitised HTML (rendered Markdown).
 */
export type ComposedEmail = { subject: string; text: string; html: string };

export function escapeHtml(text: string) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

export function composeEmail(input: {
  subject: string;
  tenantName: string;
  lines: string[];
  body?: { text: string; html: string };
  link?: { url: string; label: string };
}): ComposedEmail {
  const text = [
    ...input.lines,
    ...(input.body ? ["", input.body.text] : []),
    ...(input.link ? ["", `${input.link.label}: ${input.link.url}`] : []),
    "",
    `— ${input.tenantName} (sent by Covenant)`,
  ].join("\n");
  const html = [
    `<div style="font-family: system-ui, sans-serif; font-size: 15px; line-height: 1.5; color: #111827">`,
    ...input.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(input.body
      ? [
          `<div style="border-left: 3px solid #d1d5db; padding-left: 12px; margin: 12px 0">${input.body.html}</div>`,
        ]
      : []),
    ...(input.link
      ? [`<p><a href="${escapeHtml(input.link.url)}">${escapeHtml(input.link.label)}</a></p>`]
      : []),
    `<p style="color: #6b7280; font-size: 13px">— ${escapeHtml(input.tenantName)} (sent by Covenant)</p>`,
    `</div>`,
  ].join("\n");
  return { subject: input.subject, text, html };
}
