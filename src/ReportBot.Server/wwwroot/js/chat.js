// The conversation: ask, stream the answer in, render it with citation chips, disagreements and sources.
import { streamChat, formatDate } from "./api.js";
import { h, fill } from "./dom.js";
import { renderAnswer } from "./markdown.js";
import { openPassage } from "./passage.js";
import { disagreementCallout } from "./disagreement.js";

const STORE = "reportbot.conversation";
/** Below this share of the question covered by the best evidence, an answer carries a low-confidence note. */
const LOW_CONFIDENCE = 0.6;
const MAX_HISTORY = 20;

const state = { conversationId: null, turns: [], busy: null };
let els;

export function initChat() {
  els = {
    intro: document.getElementById("intro"),
    thread: document.getElementById("thread"),
    form: document.getElementById("composer"),
    input: document.getElementById("question"),
    send: document.getElementById("send"),
    reset: document.getElementById("new-conversation"),
    announcer: document.getElementById("announcer"),
  };
  restore();
  els.form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  els.input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  els.send.addEventListener("click", (e) => {
    if (state.busy) { e.preventDefault(); state.busy.abort(); }
  });
  els.reset.addEventListener("click", () => { newConversation(); els.input.focus(); });
}

/** Shows the sample questions (from /api/page). */
export function showSamples(questions) {
  const list = document.getElementById("samples");
  document.getElementById("samples-label").hidden = questions.length === 0;
  fill(list, questions.map((q) => h("li", {}, h("button", { type: "button", class: "sample", onclick: () => ask(q) }, q))));
}

function submit() {
  const question = els.input.value.trim();
  if (!question || state.busy) return;
  els.input.value = "";
  ask(question);
}

function history() {
  const turns = [];
  for (const t of state.turns) {
    if (t.status !== "done") continue;
    turns.push({ role: "user", content: t.question }, { role: "assistant", content: t.answer.answer });
  }
  return turns.slice(-MAX_HISTORY);
}

/** Asks a question (or re-asks the turn `retry`). */
export async function ask(question, retry) {
  if (state.busy) return;
  location.hash !== "#/ask" && location.hash !== "" && (location.hash = "#/ask");
  // The server issues the conversation's id: "new" on the first question, then the id it answered with.
  const body = { question, history: history(), conversationId: state.conversationId ?? "new" };
  const turn = retry ?? { question };
  Object.assign(turn, { status: "streaming", text: "", meta: null, citations: [], disagreements: [], answer: null, error: null });
  if (!retry) {
    state.turns.push(turn);
    turn.el = h("li", { class: "turn" });
    els.thread.append(turn.el);
  }
  els.intro.hidden = true;
  render(turn);
  turn.el.scrollIntoView({ block: "start", behavior: "smooth" });

  const controller = new AbortController();
  state.busy = controller;
  setBusy(true);
  let frame = 0;
  const schedule = () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(turn); }); };
  try {
    turn.answer = await streamChat(body, {
      meta: (m) => { turn.meta = m; if (m.conversationId) state.conversationId = m.conversationId; schedule(); },
      delta: (d) => { turn.text += d.text; schedule(); },
      citations: (c) => { turn.citations = c.citations; schedule(); },
      disagreements: (d) => { turn.disagreements = d.disagreements; schedule(); },
    }, controller.signal);
    turn.status = "done";
    turn.text = turn.answer.answer;
    turn.citations = turn.answer.citations;
    turn.disagreements = turn.answer.disagreements;
    announce(turn.answer.answerable ? "Answer ready." : "The reports don't say.");
    save();
  } catch (e) {
    if (e.status === 400 && e.problem?.errors?.conversationId && body.conversationId !== "new") {
      // An id this server no longer knows (its key changed): start a new conversation, the history goes along.
      state.conversationId = null;
      state.busy = null;
      setBusy(false);
      return await ask(question, turn);
    }
    turn.status = "error";
    turn.error = controller.signal.aborted
      ? { title: "Stopped", detail: "You stopped this answer." }
      : { title: e.problem?.title ?? "The answer failed", detail: e.message, status: e.status, retryAfter: e.retryAfter };
    announce(`Error: ${turn.error.detail}`);
  } finally {
    cancelAnimationFrame(frame);
    state.busy = null;
    setBusy(false);
    render(turn);
    if (turn.status === "error") turn.el.querySelector(".error-box")?.scrollIntoView({ block: "nearest" });
    if (document.activeElement === document.body || document.activeElement === els.send) els.input.focus();
  }
}

function setBusy(busy) {
  els.send.textContent = busy ? "Stop" : "Ask";
  els.send.classList.toggle("stop", busy);
  els.send.setAttribute("aria-label", busy ? "Stop the answer" : "Ask");
  els.form.dataset.busy = busy ? "true" : "false";
}

function announce(text) {
  els.announcer.textContent = "";
  setTimeout(() => { els.announcer.textContent = text; }, 50);
}

function render(turn) {
  const streaming = turn.status === "streaming";
  const answerable = turn.answer ? turn.answer.answerable : true;
  const citationOf = (n) => turn.citations.find((c) => c.n === n);
  const rewritten = plainRewrite(turn.meta?.rewrittenQuestion ?? turn.answer?.rewrittenQuestion);
  const showRewritten = rewritten && normalise(rewritten) !== normalise(turn.question);

  const article = h("article", {
    class: `answer ${turn.status}${answerable ? "" : " abstain"}`,
    "aria-busy": streaming ? "true" : "false",
    "aria-label": `Answer to: ${turn.question}`,
    dataset: { state: turn.status, answerable: String(answerable) },
  });

  if (showRewritten) article.append(h("p", { class: "searched understood" }, h("span", { class: "label" }, "Understood as: "), rewritten));

  if (turn.status === "done" && answerable && typeof turn.answer?.confidence === "number" && turn.answer.confidence < LOW_CONFIDENCE)
    article.append(h("p", { class: "low-confidence", role: "note" }, h("strong", {}, "Low confidence: "), "the quoted passages cover only part of the question. Check the sources before relying on this answer."));

  if (turn.status === "done" && !answerable) {
    article.append(abstention(turn));
  } else if (turn.text || streaming) {
    const body = h("div", { class: "answer-body md" });
    body.append(renderAnswer(turn.text, turn.citations, turn.disagreements, (n) => chip(n, citationOf(n))));
    if (streaming) {
      // The cursor goes at the end of the last line written, inside its paragraph or list item.
      let tail = body.lastElementChild;
      while (tail && (tail.tagName === "UL" || tail.tagName === "OL")) tail = tail.lastElementChild;
      (tail ?? body).append(h("span", { class: "cursor", "aria-hidden": "true" }));
    }
    if (streaming && !turn.text) body.prepend(h("p", { class: "muted thinking" }, turn.meta ? "Reading the reports…" : "Searching the reports…"));
    article.append(body);
  }

  if (turn.disagreements.length > 0)
    article.append(h("div", { class: "callouts" }, turn.disagreements.map((d) => disagreementCallout(d, citationOf))));

  if (turn.citations.length > 0) article.append(sources(turn.citations));

  if (turn.status === "error") article.append(errorBox(turn));

  if (turn.status === "done") article.append(actions(turn));

  fill(turn.el,
    h("div", { class: "question" }, h("p", { class: "bubble" }, turn.question)),
    article);
}

/** The rewritten question in plain words: the resolver's "(about: …)" context is internal and never shown. */
function plainRewrite(text) {
  if (!text) return null;
  return text.replace(/\s*\(about:[^)]*\)/g, "").replace(/\s+\?$/, "?").trim() || null;
}

/** Copy, and thumbs up / down with an optional comment (stored on the server like Teams feedback). */
function actions(turn) {
  const status = h("span", { class: "muted small", role: "status" });
  const row = h("div", { class: "answer-actions" });
  const copy = h("button", { type: "button", class: "ghost copy", onclick: async () => {
    status.textContent = (await copyText(answerAsText(turn))) ? "Copied." : "Copying is not allowed here.";
  } }, "Copy answer");
  const vote = (reaction, label) => h("button", {
    type: "button", class: "ghost vote", "aria-pressed": turn.feedback?.reaction === reaction ? "true" : "false", dataset: { reaction },
    onclick: () => openFeedback(turn, reaction, row, status),
  }, label);
  row.append(copy, vote("like", "👍 Helpful"), vote("dislike", "👎 Not helpful"), status);
  if (turn.feedback?.sent) status.textContent = "Thanks for the feedback.";
  return row;
}

function openFeedback(turn, reaction, row, status) {
  turn.feedback = { reaction, sent: false };
  for (const b of row.querySelectorAll(".vote")) b.setAttribute("aria-pressed", b.dataset.reaction === reaction ? "true" : "false");
  row.parentElement.querySelector(".feedback-form")?.remove();
  const comment = h("textarea", { maxlength: "2000", "aria-label": "Comment (optional)", placeholder: "What was good or wrong? (optional)" });
  const form = h("form", { class: "feedback-form" }, comment,
    h("div", { class: "answer-actions" }, h("button", { type: "submit", class: "ghost" }, "Send feedback")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const response = await fetch("api/feedback", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ conversationId: state.conversationId ?? "none", question: turn.question, answer: turn.answer.answer, reaction, comment: comment.value.trim() || null }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      turn.feedback.sent = true;
      form.remove();
      status.textContent = "Thanks for the feedback.";
    } catch (err) { status.textContent = `The feedback could not be sent (${err.message}).`; }
  });
  row.after(form);
  comment.focus();
}

function answerAsText(turn) {
  const sources = (turn.citations ?? []).map((c) => `[${c.n}] ${c.title}${c.publisher ? ` — ${c.publisher}` : ""}${c.published ? `, ${c.published}` : ""}: “${c.quote}”`);
  return [turn.answer.answer, sources.length ? "\nSources:\n" + sources.join("\n") : ""].join("\n").trim();
}

async function copyText(text) {
  try { await navigator.clipboard.writeText(text); return true; } catch { /* not allowed: fall back */ }
  const area = h("textarea", { class: "visually-hidden" });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand("copy"); } catch { ok = false; }
  area.remove();
  return ok;
}

function normalise(s) { return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim(); }

function chip(n, citation) {
  const label = citation ? `Source ${n}: ${citation.title}` : `Source ${n}`;
  return h("button", {
    type: "button", class: "chip", dataset: { n }, "aria-label": label, title: citation ? citation.title : null,
    "aria-haspopup": "dialog",
    onclick: (e) => { if (citation) openPassage(citation, e.currentTarget); },
  }, String(n));
}

function sources(citations) {
  return h("section", { class: "sources", "aria-label": "Sources" },
    h("h3", {}, "Sources"),
    h("ol", {}, citations.map((c) => h("li", { value: c.n },
      h("button", { type: "button", class: "source", onclick: (e) => openPassage(c, e.currentTarget), "aria-label": `Source ${c.n}: ${c.title}, open the passage` },
        h("span", { class: "source-n", "aria-hidden": "true" }, String(c.n)),
        h("span", { class: "source-text" },
          h("span", { class: "source-title" }, c.title),
          h("span", { class: "source-meta" }, [c.publisher, formatDate(c.published)].filter(Boolean).join(" · ")),
          h("span", { class: "source-quote" }, `“${c.quote}”`)))))));
}

function abstention(turn) {
  const searched = (turn.meta?.sources ?? []).slice(0, 3);
  return h("div", { class: "abstention", role: "status" },
    h("h3", {}, "The reports don't say"),
    h("p", {}, turn.text || "The reports don't answer this question."),
    h("p", { class: "muted" }, "Nothing in the reports covers enough of this question to quote, so no answer is given. Try rephrasing it, or ask about something the reports cover."),
    searched.length > 0 ? h("p", { class: "muted small" }, "Closest reports searched: ", searched.map((s, i) => [i ? "; " : "", h("a", { href: `#/reports/${encodeURIComponent(s.reportId)}` }, s.title)])) : null);
}

function errorBox(turn) {
  const e = turn.error;
  const wait = e.status === 429 && e.retryAfter ? ` You can ask again in ${e.retryAfter} s.` : "";
  return h("div", { class: "error-box", role: "alert" },
    h("p", {}, h("strong", {}, e.title), " — ", e.detail, wait),
    h("button", { type: "button", class: "ghost", onclick: () => ask(turn.question, turn) }, "Try again"));
}

function newConversation() {
  if (state.busy) state.busy.abort();
  state.turns = [];
  state.conversationId = null;
  els.thread.replaceChildren();
  els.intro.hidden = false;
  save();
}

function save() {
  try {
    const turns = state.turns.filter((t) => t.status === "done").map((t) => ({ question: t.question, answer: t.answer, meta: t.meta }));
    sessionStorage.setItem(STORE, JSON.stringify({ conversationId: state.conversationId, turns }));
  } catch { /* storage full or off: the conversation still works in the page */ }
}

function restore() {
  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(STORE) ?? "null"); } catch { saved = null; }
  if (!saved) return;
  state.conversationId = saved.conversationId ?? null;
  for (const t of saved.turns ?? []) {
    if (!t?.answer) continue;
    const turn = {
      question: t.question, status: "done", meta: t.meta, answer: t.answer, text: t.answer.answer,
      citations: t.answer.citations ?? [], disagreements: t.answer.disagreements ?? [], error: null, el: h("li", { class: "turn" }),
    };
    state.turns.push(turn);
    els.thread.append(turn.el);
    render(turn);
  }
  els.intro.hidden = state.turns.length > 0;
}
