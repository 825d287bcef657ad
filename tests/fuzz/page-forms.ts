import { parse, type HTMLElement } from "node-html-parser";

/** One way the page's own UI can submit a form: the fields a browser would send. */
export type FormTemplate = {
  entries: Array<[string, string]>;
  multipart: boolean;
  fileFields: string[];
};

/** What the forms of some pages say about one action: submissions, and the values each field offers. */
export type FormKnowledge = {
  templates: FormTemplate[];
  /** field name → every value the UI offers for it (hidden values, options, radios, checkboxes) */
  choices: Map<string, Set<string>>;
};

export function emptyKnowledge(): FormKnowledge {
  return { templates: [], choices: new Map() };
}

function offer(knowledge: FormKnowledge, name: string, value: string) {
  if (!knowledge.choices.has(name)) knowledge.choices.set(name, new Set());
  knowledge.choices.get(name)!.add(value);
}

/**
 * Reads the server-rendered forms of a page whose `action` (as Remix renders it, e.g.
 * "/t/x/calendars/<id>?index") the predicate accepts, the way a browser builds their submissions.
 */
export function learnForms(
  html: string,
  postsHere: (action: string) => boolean,
  knowledge: FormKnowledge,
) {
  const seen = new Set(knowledge.templates.map((t) => JSON.stringify(t)));
  for (const form of parse(html).querySelectorAll("form")) {
    if ((form.getAttribute("method") ?? "get").toLowerCase() !== "post") continue;
    if (!postsHere(form.getAttribute("action") ?? "")) continue;
    const entries: Array<[string, string]> = [];
    const fileFields: string[] = [];
    const submitters: Array<[string, string]> = [];
    const radiosTaken = new Set<string>();
    const read = (el: HTMLElement, name: string) => {
      const tag = el.tagName.toLowerCase();
      const type = (
        el.getAttribute("type") ?? (tag === "button" ? "submit" : "text")
      ).toLowerCase();
      if (tag === "select") {
        const options = el.querySelectorAll("option").map((o) => ({
          value: o.getAttribute("value") ?? o.text,
          selected: o.hasAttribute("selected"),
        }));
        for (const o of options) offer(knowledge, name, o.value);
        const chosen = options.filter((o) => o.selected);
        const sent = el.hasAttribute("multiple") ? chosen : [chosen[0] ?? options[0]];
        for (const o of sent) if (o) entries.push([name, o.value]);
        return;
      }
      if (tag === "textarea") {
        entries.push([name, el.text.replace(/^\n/, "")]);
        return;
      }
      const value =
        el.getAttribute("value") ?? (type === "checkbox" || type === "radio" ? "on" : "");
      if (type === "file") fileFields.push(name);
      else if (type === "submit") submitters.push([name, value]);
      else if (type === "checkbox") {
        offer(knowledge, name, value);
        if (el.hasAttribute("checked")) entries.push([name, value]);
      } else if (type === "radio") {
        offer(knowledge, name, value);
        // The checked radio, or else the first of its group: one valid choice either way.
        if (
          !radiosTaken.has(name) &&
          (el.hasAttribute("checked") ||
            !form.querySelector(`input[type=radio][name="${name}"][checked]`))
        ) {
          radiosTaken.add(name);
          entries.push([name, value]);
        }
      } else {
        offer(knowledge, name, value);
        entries.push([name, value]);
      }
    };
    for (const el of form.querySelectorAll("input, select, textarea, button")) {
      const name = el.getAttribute("name");
      if (!name || name === "csrf" || el.hasAttribute("disabled")) continue;
      read(el, name);
    }
    const multipart = form.getAttribute("enctype") === "multipart/form-data";
    const variants = submitters.length
      ? submitters.map((s) => [...entries, s] as Array<[string, string]>)
      : [entries];
    for (const variant of variants) {
      for (const [name, value] of variant) offer(knowledge, name, value);
      const template = { entries: variant, multipart, fileFields };
      const key = JSON.stringify(template);
      if (!seen.has(key)) {
        seen.add(key);
        knowledge.templates.push(template);
      }
    }
  }
  return knowledge;
}
