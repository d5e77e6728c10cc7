// The disagreement callout, shared by answers and the "Where the reports disagree" view.
import { formatDate } from "./api.js";
import { h } from "./dom.js";
import { openPassage } from "./passage.js";

const KINDS = {
  "contradiction": ["Contradiction", "The reports (or one report) state incompatible facts."],
  "changed-over-time": ["Changed over time", "A later report gives a different figure than an earlier one."],
  "different-scope": ["Different scope", "The figures cover different periods or groups."],
};

/**
 * @param {object} d {topic, kind, summary, claims[{value, statement, n, reportId, published, attribution, isNewer}]}
 * @param {(n: number) => object|undefined} citationOf the citation a claim's n points to
 */
export function disagreementCallout(d, citationOf) {
  const [kindLabel, kindHelp] = KINDS[d.kind] ?? [d.kind, ""];
  return h("aside", { class: "callout disagreement", "aria-label": `The reports disagree on ${d.topic}`, dataset: { kind: d.kind } },
    h("div", { class: "callout-head" },
      h("span", { class: "callout-icon", "aria-hidden": "true" }, "≠"),
      h("h3", {}, "The reports disagree ", h("span", { class: "topic" }, `on ${d.topic}`)),
      h("span", { class: "kind", title: kindHelp }, kindLabel)),
    d.summary ? h("p", { class: "callout-summary" }, d.summary) : null,
    h("ul", { class: "sides" }, d.claims.map((c) => side(c, citationOf(c.n)))));
}

function side(claim, citation) {
  const source = citation?.publisher || shorten(citation?.title) || claim.reportId;
  const date = formatDate(claim.published ?? citation?.published);
  const open = (e) => {
    if (!citation) return;
    openPassage(citation, e.currentTarget);
  };
  return h("li", { class: claim.isNewer ? "side newer" : "side" },
    h("div", { class: "side-value" }, claim.value,
      claim.isNewer ? h("span", { class: "badge newer-badge", title: "This side comes from the newer report and revises the other" }, "newer") : null),
    h("p", { class: "side-source" },
      claim.attribution ? h("span", { class: "attribution" }, `${claim.attribution}, per `) : null,
      h("span", { class: "source-name" }, source),
      date ? h("span", { class: "date" }, ` · ${date}`) : null),
    claim.statement ? h("blockquote", { class: "side-statement" }, `“${claim.statement}”`) : null,
    h("button", {
      type: "button", class: "link-button", onclick: open, disabled: !citation,
      "aria-label": `View the passage for ${claim.value} in ${citation?.title ?? "the report"}`,
    }, `View passage [${claim.n}]`));
}

function shorten(title) {
  if (!title || title.length <= 60) return title;
  return title.slice(0, title.lastIndexOf(" ", 58) > 30 ? title.lastIndexOf(" ", 58) : 58) + "…";
}
