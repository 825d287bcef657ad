import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

/**
 * Markdown (CommonMark + GitHub tables, task lists, strikethrough, autolinks) to HTML that is safe
 * to insert into a page: micromark escapes raw HTML (`<script>` comes out as text) and drops links
 * and images whose protocol is not http(s), mailto, etc. (`javascript:` URLs become empty). Both
 * are micromark defaults — never pass `allowDangerousHtml` or `allowDangerousProtocol` here.
 */
export function renderMarkdown(text: string): string {
  if (!text.trim()) return "";
  return micromark(text, {
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}
