import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../app/modules/tickets/markdown";

describe("renderMarkdown", () => {
  it("renders Markdown (emphasis, lists, code, tables, autolinks)", () => {
    const html = renderMarkdown(
      "**Disk** full on `node-3`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee https://status.example.com",
    );
    expect(html).toContain("<strong>Disk</strong>");
    expect(html).toContain("<code>node-3</code>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<td>1</td>");
    expect(html).toContain('<a href="https://status.example.com">');
  });

  it("shows a <script> as text, never as markup", () => {
    const html = renderMarkdown(
      'Hello <script>alert("x")</script>\n\n<script>document.cookie</script>',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("escapes raw HTML with event handlers and drops javascript: and data: links", () => {
    const html = renderMarkdown(
      '<img src=x onerror="alert(1)"> [click](javascript:alert(1)) ![p](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:x">a</a>',
    );
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<a href="javascript/i);
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('src="data:');
    expect(html).toContain("&lt;img");
  });

  it("returns nothing for blank text", () => {
    expect(renderMarkdown("  \n ")).toBe("");
  });
});
