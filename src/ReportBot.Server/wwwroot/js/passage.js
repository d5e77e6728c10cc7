// The passage viewer: a cited quote shown inside its paragraph, highlighted, with the report's title, publisher and
// date. A modal <dialog>: Escape closes it and focus returns to the chip that opened it.
import { getReport, formatDate, safeUrl } from "./api.js";
import { h, fill } from "./dom.js";

const dialog = () => document.getElementById("passage");

export function initPassage() {
  const d = dialog();
  document.getElementById("passage-close").addEventListener("click", () => d.close());
  // A click on the backdrop (the dialog element itself, outside its box) closes it.
  d.addEventListener("click", (e) => { if (e.target === d) d.close(); });
  d.addEventListener("close", () => {
    const back = d.returnFocusTo;
    d.returnFocusTo = null;
    if (back && back.isConnected) back.focus();
  });
  document.getElementById("passage-open").addEventListener("click", () => d.close());
}

/** The report's paragraphs that hold [start, end) (usually one). */
export function paragraphsAround(report, start, end) {
  const hit = report.paragraphs.filter(([ps, pe]) => pe > start && ps < end);
  if (hit.length > 0) return hit;
  // A quote outside the kept paragraphs (should not happen): show the quote alone.
  return [[start, end]];
}

/** The quoted paragraphs with the paragraph before and after them (not the headline), marked as context. */
function withNeighbours(report, spans) {
  const all = report.paragraphs;
  const index = (span) => all.findIndex(([ps, pe]) => ps === span[0] && pe === span[1]);
  const first = index(spans[0]);
  const last = index(spans[spans.length - 1]);
  const result = spans.map((span) => ({ span, context: false }));
  if (first > 0 && first - 1 !== report.headlineParagraph) result.unshift({ span: all[first - 1], context: true });
  if (last >= 0 && last + 1 < all.length) result.push({ span: all[last + 1], context: true });
  return result;
}

/** The paragraph text with [start, end) wrapped in <mark>. */
export function highlighted(text, [ps, pe], start, end) {
  const s = Math.max(ps, start);
  const e = Math.min(pe, end);
  if (e <= s) return [text.slice(ps, pe)];
  return [text.slice(ps, s), h("mark", {}, text.slice(s, e)), text.slice(e, pe)];
}

/** A line "Publisher · 27 Mar 2025 (inferred) · By X". */
export function metaLine(meta) {
  const parts = [];
  if (meta.publisher) parts.push(meta.publisher);
  if (meta.published) parts.push(formatDate(meta.published) + (meta.publishedInferred ? " (date inferred)" : ""));
  if (meta.byline) parts.push(meta.byline);
  return parts.join(" · ");
}

/**
 * Opens the passage for a citation {n, reportId, title, start, end}.
 * @param {HTMLElement} opener gets the focus back when the dialog closes
 */
export async function openPassage(citation, opener) {
  const d = dialog();
  d.returnFocusTo = opener ?? document.activeElement;
  document.getElementById("passage-label").textContent = citation.n ? `Source [${citation.n}]` : "Source";
  document.getElementById("passage-title").textContent = citation.title ?? "";
  document.getElementById("passage-meta").textContent = metaLine(citation);
  const body = fill(document.getElementById("passage-body"), h("p", { class: "muted" }, "Loading the report…"));
  const open = document.getElementById("passage-open");
  open.href = `#/reports/${encodeURIComponent(citation.reportId)}?start=${citation.start}&end=${citation.end}`;
  if (!d.open) d.showModal();
  d.dataset.state = "loading";
  try {
    const report = await getReport(citation.reportId);
    document.getElementById("passage-title").textContent = report.report.title;
    document.getElementById("passage-meta").textContent = metaLine(report.report);
    const url = safeUrl(report.report.url);
    fill(body, withNeighbours(report, paragraphsAround(report, citation.start, citation.end)).map(({ span, context }) =>
      context
        ? h("p", { class: "context" }, report.text.slice(span[0], span[1]))
        : h("p", { class: "quoted" }, highlighted(report.text, span, citation.start, citation.end))));
    if (url) body.append(h("p", { class: "muted small" }, "Original: ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url)));
    d.dataset.state = "ready";
    body.querySelector("mark")?.scrollIntoView({ block: "center" });
  } catch (e) {
    fill(body, h("p", { class: "error-text" }, `The report could not be loaded: ${e.message}`));
    d.dataset.state = "error";
  }
}
