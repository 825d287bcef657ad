import PDFDocument from "pdfkit";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { ChartGeometry } from "./charts";

/*
 * Branded PDF building blocks shared by the SLA report and the service review: A4 pages with the
 * tenant's name and accent colour, tables that break across pages with their header repeated,
 * charts drawn as vector paths from the same geometry the page's SVG uses, and "page n of m".
 * Text is set in DejaVu Sans (embedded and subset by pdfkit), which covers Latin, Greek and
 * Cyrillic, so customer and tenant names print as typed.
 */
const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  };
  return fonts;
}

export type Branding = { name: string; accentColor: string };
export type Doc = PDFKit.PDFDocument;

const MARGIN = 48;
const TEXT = "#0f172a";
const MUTED = "#475569";
const RULE = "#cbd5e1";

export function createPdf(branding: Branding, meta: { title: string; subtitle: string }) {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN + 28, bottom: MARGIN + 8, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: meta.title, Author: branding.name, Subject: meta.subtitle, Creator: "Covenant" },
  });
  const f = loadFonts();
  doc.registerFont("Body", f.regular);
  doc.registerFont("Bold", f.bold);
  doc.font("Body").fillColor(TEXT);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const header = () => {
    const width = doc.page.width;
    doc.save();
    doc.rect(0, 0, width, 6).fill(branding.accentColor);
    doc.roundedRect(MARGIN, 20, 22, 22, 3).fill(branding.accentColor);
    doc
      .font("Bold")
      .fontSize(12)
      .fillColor("#ffffff")
      .text(branding.name.slice(0, 1).toUpperCase(), MARGIN, 25, {
        width: 22,
        align: "center",
        lineBreak: false,
      });
    doc
      .font("Bold")
      .fontSize(11)
      .fillColor(TEXT)
      .text(branding.name, MARGIN + 30, 20, { lineBreak: false });
    doc
      .font("Body")
      .fontSize(8)
      .fillColor(MUTED)
      .text(meta.subtitle, MARGIN + 30, 34, { lineBreak: false });
    doc.restore();
    doc.font("Body").fontSize(10).fillColor(TEXT);
    doc.x = MARGIN;
    doc.y = MARGIN + 28;
  };
  doc.on("pageAdded", header);
  header();
  return {
    doc,
    async finish() {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const bottom = doc.page.height - MARGIN + 14;
        doc.save();
        doc.font("Body").fontSize(8).fillColor(MUTED);
        const margins = doc.page.margins;
        doc.page.margins = { ...margins, bottom: 0 };
        doc.text(`${meta.title} · ${branding.name}`, MARGIN, bottom, { lineBreak: false });
        doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, bottom, {
          width: doc.page.width - 2 * MARGIN,
          align: "right",
          lineBreak: false,
        });
        doc.page.margins = margins;
        doc.restore();
      }
      doc.end();
      return done;
    },
  };
}

export function contentWidth(doc: Doc) {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export function title(doc: Doc, text: string, sub?: string) {
  doc.font("Bold").fontSize(18).fillColor(TEXT).text(text, doc.page.margins.left, doc.y);
  if (sub) doc.font("Body").fontSize(10).fillColor(MUTED).text(sub);
  doc.moveDown(0.6);
  doc.font("Body").fontSize(10).fillColor(TEXT);
}

export function heading(doc: Doc, text: string, accent: string, keepWith = 60) {
  ensureSpace(doc, keepWith);
  doc.moveDown(0.4);
  const y = doc.y;
  doc.rect(doc.page.margins.left, y + 2, 3, 12).fill(accent);
  doc
    .font("Bold")
    .fontSize(12)
    .fillColor(TEXT)
    .text(text, doc.page.margins.left + 9, y);
  doc.moveDown(0.3);
  doc.font("Body").fontSize(10).fillColor(TEXT);
  doc.x = doc.page.margins.left;
}

export function paragraph(doc: Doc, text: string, opts: { muted?: boolean; size?: number } = {}) {
  doc
    .font("Body")
    .fontSize(opts.size ?? 10)
    .fillColor(opts.muted ? MUTED : TEXT)
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor(TEXT);
}

/** Label/value pairs in two columns (the key figures). */
export function keyValues(doc: Doc, pairs: Array<[string, string]>) {
  const width = contentWidth(doc);
  const colWidth = width / 2;
  for (let i = 0; i < pairs.length; i += 2) {
    ensureSpace(doc, 30);
    const y = doc.y;
    let bottom = y;
    for (let j = 0; j < 2 && i + j < pairs.length; j++) {
      const [label, value] = pairs[i + j]!;
      const x = doc.page.margins.left + j * colWidth;
      doc
        .font("Body")
        .fontSize(8)
        .fillColor(MUTED)
        .text(label, x, y, { width: colWidth - 12 });
      doc
        .font("Bold")
        .fontSize(12)
        .fillColor(TEXT)
        .text(value, x, doc.y, { width: colWidth - 12 });
      bottom = Math.max(bottom, doc.y);
    }
    doc.y = bottom + 6;
  }
  doc.font("Body").fontSize(10);
  doc.x = doc.page.margins.left;
}

export type Column = { header: string; width: number; align?: "left" | "right" };

/** A table; widths are fractions of the content width. Rows break across pages with the header repeated. */
export function table(doc: Doc, columns: Column[], rows: string[][], accent: string) {
  const left = doc.page.margins.left;
  const total = contentWidth(doc);
  const widths = columns.map((c) => c.width * total);
  const pad = 4;
  const drawHeader = () => {
    const heights = columns.map((c, i) =>
      doc
        .font("Bold")
        .fontSize(8)
        .heightOfString(c.header, { width: widths[i]! - 2 * pad }),
    );
    const h = Math.max(...heights) + 2 * pad;
    ensureSpace(doc, h + 20);
    const y = doc.y;
    doc.rect(left, y, total, h).fill("#f1f5f9");
    doc.rect(left, y + h - 1.5, total, 1.5).fill(accent);
    let x = left;
    columns.forEach((c, i) => {
      doc
        .font("Bold")
        .fontSize(8)
        .fillColor(TEXT)
        .text(c.header, x + pad, y + pad, {
          width: widths[i]! - 2 * pad,
          align: c.align ?? "left",
        });
      x += widths[i]!;
    });
    doc.y = y + h;
  };
  drawHeader();
  for (const row of rows) {
    const heights = row.map((cell, i) =>
      doc
        .font("Body")
        .fontSize(8.5)
        .heightOfString(cell, { width: widths[i]! - 2 * pad }),
    );
    const h = Math.max(...heights) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    let x = left;
    row.forEach((cell, i) => {
      doc
        .font("Body")
        .fontSize(8.5)
        .fillColor(TEXT)
        .text(cell, x + pad, y + pad, {
          width: widths[i]! - 2 * pad,
          align: columns[i]!.align ?? "left",
        });
      x += widths[i]!;
    });
    doc
      .moveTo(left, y + h)
      .lineTo(left + total, y + h)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + h;
  }
  doc.moveDown(0.5);
  doc.x = left;
  doc.font("Body").fontSize(10);
}

/** A chart from its geometry, scaled to the content width, with a legend. */
export function chart(doc: Doc, geometry: ChartGeometry, caption: string) {
  const width = contentWidth(doc);
  const scale = width / geometry.width;
  const height = geometry.height * scale;
  ensureSpace(doc, height + 40);
  doc.font("Bold").fontSize(9).fillColor(TEXT).text(caption, doc.page.margins.left, doc.y);
  const top = doc.y + 4;
  const left = doc.page.margins.left;
  doc.save();
  doc.translate(left, top).scale(scale);
  const { plot } = geometry;
  for (const t of geometry.yTicks) {
    doc
      .moveTo(plot.left, t.y)
      .lineTo(plot.right, t.y)
      .lineWidth(0.5)
      .strokeColor("#e2e8f0")
      .stroke();
    doc
      .font("Body")
      .fontSize(7)
      .fillColor(MUTED)
      .text(t.label, 0, t.y - 4, { width: plot.left - 6, align: "right", lineBreak: false });
  }
  for (const t of geometry.xTicks) {
    doc
      .font("Body")
      .fontSize(7)
      .fillColor(MUTED)
      .text(t.label, t.x - 20, plot.bottom + 6, { width: 40, align: "center", lineBreak: false });
  }
  for (const series of geometry.bars) {
    for (const r of series.rects)
      if (r.height > 0) doc.rect(r.x, r.y, r.width, r.height).fill(series.color);
  }
  for (const series of geometry.lines) {
    if (series.d) {
      doc.path(series.d).lineWidth(2).strokeColor(series.color);
      if (series.dashed) doc.dash(5, { space: 3 });
      doc.stroke();
      doc.undash();
    }
    for (const p of series.points) doc.circle(p.x, p.y, 2.5).fill(series.color);
  }
  doc.restore();
  doc.y = top + height + 2;
  const legend = [...geometry.lines, ...geometry.bars].map((s) => s.name);
  const colors = [...geometry.lines, ...geometry.bars].map((s) => s.color);
  let x = left;
  const y = doc.y;
  legend.forEach((name, i) => {
    doc.rect(x, y + 2, 8, 8).fill(colors[i]!);
    doc
      .font("Body")
      .fontSize(8)
      .fillColor(TEXT)
      .text(name, x + 11, y, { lineBreak: false });
    x += 16 + doc.widthOfString(name) + 12;
  });
  doc.y = y + 16;
  doc.x = left;
  doc.font("Body").fontSize(10);
}
