// The page: a hash router over four views (ask, disagreements, reports, one report).
import { getJson, getReport, safeUrl } from "./api.js";
import { h, fill } from "./dom.js";
import { initChat, showSamples } from "./chat.js";
import { initPassage, metaLine } from "./passage.js";
import { disagreementCallout } from "./disagreement.js";
import { initAdd } from "./add.js";

const views = ["ask", "disagreements", "reports", "reader", "add"];

function show(view) {
  for (const v of views) document.getElementById(`view-${v}`).hidden = v !== view;
  const tab = view === "reader" ? "reports" : view;
  for (const a of document.querySelectorAll(".tabs a")) {
    if (a.dataset.view === tab) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.body.dataset.view = view;
}

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const params = new URLSearchParams(query ?? "");
  if (parts[0] === "disagreements") { show("disagreements"); await loadDisagreements(); }
  else if (parts[0] === "reports" && parts[1]) { show("reader"); await loadReader(decodeURIComponent(parts[1]), params); }
  else if (parts[0] === "reports") { show("reports"); await loadReports(); }
  else if (parts[0] === "add") { show("add"); }
  else { show("ask"); }
}

async function loadDisagreements() {
  const body = fill(document.getElementById("disagreements-body"), h("p", { class: "muted" }, "Loading…"));
  body.dataset.state = "loading";
  try {
    const data = await getJson("api/disagreements");
    const list = data.disagreements ?? [];
    const citations = data.citations ?? [];
    const citationOf = (n) => citations.find((c) => c.n === n);
    if (list.length === 0) fill(body, h("p", { class: "empty" }, "The reports agree on everything the bot compares: no disagreements found."));
    else fill(body,
      h("p", { class: "muted" }, list.length === 1 ? "1 disagreement." : `${list.length} disagreements.`),
      h("div", { class: "callouts" }, list.map((d) => disagreementCallout(d, citationOf))));
    body.dataset.state = "ready";
  } catch (e) {
    fill(body, h("div", { class: "error-box", role: "alert" }, h("p", {}, h("strong", {}, "The disagreements could not be loaded"), " — ", e.message)));
    body.dataset.state = "error";
  }
}

async function loadReports() {
  const body = fill(document.getElementById("reports-body"), h("p", { class: "muted" }, "Loading…"));
  try {
    const { reports, skipped = [] } = await getJson("api/reports");
    const skippedList = skipped.length === 0 ? null : h("section", { class: "skipped", "aria-label": "Skipped files" },
      h("h2", {}, skipped.length === 1 ? "1 file was skipped" : `${skipped.length} files were skipped`),
      h("ul", {}, skipped.map((s) => h("li", {}, h("strong", {}, s.file), ` (${s.step}): ${s.reason}`))));
    if (reports.length === 0) { fill(body, h("p", { class: "empty" }, "No reports yet."), skippedList); return; }
    fill(body, h("ul", { class: "report-list" }, reports.map((r) => h("li", { class: "report-card" },
      h("h2", {}, h("a", { href: `#/reports/${encodeURIComponent(r.id)}` }, r.title)),
      h("p", { class: "meta" }, metaLine(r)),
      h("p", { class: "muted small" },
        `${r.paragraphCount} paragraph${r.paragraphCount === 1 ? "" : "s"}`,
        r.publishedInferred && r.publishedBasis ? ` · date inferred from “${r.publishedBasis}”` : "",
        safeUrl(r.url) ? [" · ", h("a", { href: safeUrl(r.url), rel: "noopener noreferrer", target: "_blank" }, "original")] : null)))), skippedList);
  } catch (e) {
    fill(body, h("div", { class: "error-box", role: "alert" }, h("p", {}, h("strong", {}, "The reports could not be loaded"), " — ", e.message)));
  }
}

async function loadReader(id, params) {
  const article = fill(document.getElementById("reader"), h("h1", { id: "reader-title" }, "Loading…"));
  try {
    const report = await getReport(id);
    const start = Number(params.get("start"));
    const end = Number(params.get("end"));
    const hasQuote = params.has("start") && params.has("end") && end > start;
    const url = safeUrl(report.report.url);
    fill(article,
      h("h1", { id: "reader-title" }, report.report.title),
      h("p", { class: "meta" }, metaLine(report.report)),
      report.report.publishedInferred && report.report.publishedBasis ? h("p", { class: "muted small" }, `Date inferred from “${report.report.publishedBasis}”.`) : null,
      url ? h("p", { class: "muted small" }, h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url)) : null,
      h("div", { class: "reader-text" }, report.paragraphs.map(([ps, pe], i) => {
        if (i === report.headlineParagraph) return null;
        const inside = hasQuote && pe > start && ps < end;
        const parts = inside ? [report.text.slice(ps, Math.max(ps, start)), h("mark", {}, report.text.slice(Math.max(ps, start), Math.min(pe, end))), report.text.slice(Math.min(pe, end), pe)] : [report.text.slice(ps, pe)];
        return h("p", { class: inside ? "quoted" : null }, parts);
      })));
    article.querySelector("mark")?.scrollIntoView({ block: "center" });
  } catch (e) {
    fill(article, h("h1", { id: "reader-title" }, "Report not found"), h("p", {}, e.message));
  }
}

async function loadPage() {
  try {
    const page = await getJson("api/page");
    showSamples(page.sampleQuestions ?? []);
    if (page.uploadsEnabled) {
      document.getElementById("add-tab").hidden = false;
      initAdd(page);
    }
  } catch { showSamples([]); }
}

// The skip link moves the focus itself (a "#question" hash would be taken for a route).
document.querySelector(".skip").addEventListener("click", (e) => {
  e.preventDefault();
  if (location.hash.startsWith("#/") && !location.hash.startsWith("#/ask")) location.hash = "#/ask";
  document.getElementById("question").focus();
});

initPassage();
initChat();
loadPage();
window.addEventListener("hashchange", route);
route();
