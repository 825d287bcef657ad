type Node = { value: unknown; key: string | null; parent: Node | null };

function pathOf(node: Node | null, last?: string) {
  const keys = last === undefined ? [] : [last];
  for (let n = node; n && n.key !== null; n = n.parent) keys.unshift(n.key);
  return keys.join(".");
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb (it answers 22021 / 22P05), and no person types
 * one: input carrying it is refused where it arrives, naming where it was, instead of failing in SQL.
 * Returns the dotted path of the first string or key holding one ("" for the value itself).
 */
export function nulPath(value: unknown): string | null {
  // Iterative, with parent links: request bodies can nest deeper than the call stack.
  const pending: Node[] = [{ value, key: null, parent: null }];
  while (pending.length) {
    const node = pending.pop()!;
    if (typeof node.value === "string") {
      if (node.value.includes("\u0000")) return pathOf(node);
    } else if (typeof node.value === "object" && node.value !== null) {
      for (const [key, inner] of Object.entries(node.value)) {
        if (key.includes("\u0000")) return pathOf(node, key.replaceAll("\u0000", "\\0"));
        pending.push({ value: inner, key, parent: node });
      }
    }
  }
  return null;
}
