// Renders the bot's answers as DOM nodes (never HTML strings). The answer is Markdown written by the bot around verbatim
// report text (quotes, titles, publishers, figures), and report text may itself look like markup: a link, **bold**, a
// fake [3], Slack's <url|text>. Report text is text: only the bot's own constructs are markup — paragraphs, its "- "
// list items, the heading "**The reports disagree**" and [n] markers of citations the answer has — and only outside
// every stretch of report text found in the answer (the server does the same for Teams and Slack: AnswerMarkup.cs).

const HEADING = "**The reports disagree**";

/** The characters of `text` that lie in a stretch of report text (a quote, a title, a publisher, a claim). */
function reportStretches(text, citations, disagreements) {
  const marks = new Uint8Array(text.length);
  const strings = [];
  for (const c of citations ?? []) {
    strings.push(c.quote, c.quote?.replace(/\r\n?/g, "\n"), c.title, shortTitle(c.title ?? ""), c.publisher);
  }
  for (const d of disagreements ?? []) {
    strings.push(d.topic);
    for (const claim of d.claims ?? []) strings.push(claim.value, claim.statement, claim.attribution);
  }
  for (const s of new Set(strings.filter((s) => typeof s === "string" && s.length >= 2))) {
    for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) marks.fill(1, at, at + s.length);
  }
  return marks;
}

function shortTitle(title) {
  return title.length <= 60 ? title : title.slice(0, 59).trimEnd() + "…";
}

/**
 * The answer's pieces: { kind: "text" | "bold" | "marker" | "item" | "paragraph" | "break", text, n }.
 * @param {string} text the answer
 * @param {{n: number}[]} citations the answer's citations (markers of other numbers are text)
 */
export function segments(text, citations, disagreements) {
  text = String(text ?? "").replace(/\r\n?/g, "\n");
  const report = reportStretches(text, citations, disagreements);
  const numbers = new Set((citations ?? []).map((c) => c.n));
  const free = (from, length) => { for (let k = from; k < from + length && k < text.length; k++) if (report[k]) return false; return true; };
  const out = [];
  let plain = "";
  const flush = () => { if (plain) out.push({ kind: "text", text: plain }); plain = ""; };
  let i = 0;
  if (text.startsWith("- ") && free(0, 2)) { out.push({ kind: "item" }); i = 2; }
  while (i < text.length) {
    const c = text[i];
    if (c === "\n" && free(i, 1)) {
      let end = i;
      while (end < text.length && text[end] === "\n") end++;
      flush();
      if (end - i >= 2) out.push({ kind: "paragraph" });
      else if (text.startsWith("- ", end) && free(end, 2)) { out.push({ kind: "item" }); end += 2; }
      else out.push({ kind: "break" });
      i = end;
      continue;
    }
    if (c === "*" && text.startsWith(HEADING, i) && free(i, HEADING.length)) {
      flush();
      out.push({ kind: "bold", text: HEADING.slice(2, -2) });
      i += HEADING.length;
      continue;
    }
    const m = c === "[" ? /^\[(\d{1,3})\]/.exec(text.slice(i, i + 5)) : null;
    if (m && numbers.has(Number(m[1])) && free(i, m[0].length)) {
      flush();
      out.push({ kind: "marker", text: m[0], n: Number(m[1]) });
      i += m[0].length;
      continue;
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

/**
 * Renders an answer into a DocumentFragment.
 * @param {string} text the answer
 * @param {object[]} citations its citations
 * @param {object[]} disagreements its disagreements
 * @param {(n: number) => HTMLElement} chip makes the element for a citation marker [n]
 */
export function renderAnswer(text, citations, disagreements, chip) {
  const fragment = document.createDocumentFragment();
  let block = null; // the <p> or <li> being filled
  let list = null;
  const paragraph = () => { if (!block) { block = document.createElement("p"); fragment.append(block); list = null; } return block; };
  for (const s of segments(text, citations, disagreements)) {
    switch (s.kind) {
      case "paragraph": block = null; list = null; break;
      case "break": if (block?.tagName === "LI") { block = null; } else if (block) block.append(document.createElement("br")); break;
      case "item": {
        if (!list) { list = document.createElement("ul"); fragment.append(list); }
        block = document.createElement("li");
        list.append(block);
        break;
      }
      case "bold": { const b = document.createElement("strong"); b.textContent = s.text; paragraph().append(b); break; }
      case "marker": paragraph().append(chip ? chip(s.n) : s.text); break;
      default: paragraph().append(s.text);
    }
  }
  return fragment;
}
