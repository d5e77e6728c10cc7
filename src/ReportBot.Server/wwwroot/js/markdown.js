// A small markdown renderer for the bot's answers, building DOM nodes (never HTML strings), so whatever a report
// contains — tags, scripts, entities — is shown as text. Supports paragraphs, line breaks, "-"/"*"/"1." lists,
// "#" headings, **bold**, *italic* / _italic_, `code`, [text](https://…) links and [n] citation chips.

/**
 * Renders markdown into a DocumentFragment.
 * @param {string} text markdown
 * @param {(n: number) => HTMLElement} chip makes the element for a citation marker [n]
 */
export function renderMarkdown(text, chip) {
  const fragment = document.createDocumentFragment();
  const lines = String(text ?? "").replace(/\r\n?/g, "\n").split("\n");
  let paragraph = [];
  let list = null;

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const p = document.createElement("p");
    paragraph.forEach((line, i) => {
      if (i > 0) p.append(document.createElement("br"));
      appendInline(p, line, chip);
    });
    fragment.append(p);
    paragraph = [];
  };
  const closeList = () => { list = null; };

  for (const raw of lines) {
    const line = raw.trimEnd();
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const ordered = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (line.trim() === "") { flushParagraph(); closeList(); continue; }
    if (heading) {
      flushParagraph(); closeList();
      const h = document.createElement(heading[1].length <= 2 ? "h3" : "h4");
      appendInline(h, heading[2], chip);
      fragment.append(h);
      continue;
    }
    if (bullet || ordered) {
      flushParagraph();
      const tag = bullet ? "UL" : "OL";
      if (!list || list.tagName !== tag) {
        list = document.createElement(tag);
        if (ordered && ordered[1] !== "1") list.start = Number(ordered[1]);
        fragment.append(list);
      }
      const li = document.createElement("li");
      appendInline(li, bullet ? bullet[1] : ordered[2], chip);
      list.append(li);
      continue;
    }
    if (list && /^\s{2,}\S/.test(raw)) { // continuation of a list item
      const li = list.lastElementChild;
      li.append(" ");
      appendInline(li, line.trim(), chip);
      continue;
    }
    closeList();
    paragraph.push(line);
  }
  flushParagraph();
  return fragment;
}

const INLINE = /(\*\*([^*]+?)\*\*)|(`([^`]+)`)|(\[(\d{1,3})\])|(\[([^\]]+)\]\((https?:\/\/[^\s)]+)\))|(\*([^*\s][^*]*?)\*)|(\b_([^_]+)_\b)/g;

function appendInline(parent, text, chip) {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    if (m[1]) { const b = document.createElement("strong"); appendInline(b, m[2], chip); parent.append(b); }
    else if (m[3]) { const c = document.createElement("code"); c.textContent = m[4]; parent.append(c); }
    else if (m[5]) parent.append(chip ? chip(Number(m[6])) : m[5]);
    else if (m[7]) {
      const a = document.createElement("a");
      a.href = m[9];
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.textContent = m[8];
      parent.append(a);
    }
    else if (m[10]) { const e = document.createElement("em"); appendInline(e, m[11], chip); parent.append(e); }
    else if (m[12]) { const e = document.createElement("em"); appendInline(e, m[13], chip); parent.append(e); }
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}
