// Talking to the bot: JSON endpoints, the server-sent-events chat stream, and a cache of report texts.

/** An HTTP failure carrying the server's ProblemDetails. */
export class ProblemError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.detail || problem?.title || `The request failed (HTTP ${status}).`);
    this.status = status;
    this.problem = problem ?? {};
    this.retryAfter = retryAfter;
  }
}

async function problemOf(response) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  const validation = problem?.errors && Object.values(problem.errors).flat()[0];
  if (validation && !problem.detail) problem.detail = validation;
  return new ProblemError(response.status, problem, response.headers.get("Retry-After"));
}

export async function getJson(url, signal) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, signal });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}

/**
 * Asks a question on /api/chat/stream and calls handlers.meta / delta / citations / disagreements / done as the events
 * arrive. Resolves with the final answer; rejects with a ProblemError (HTTP error or an `error` event).
 */
export async function streamChat(body, handlers, signal) {
  const response = await fetch("api/chat/stream", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) throw await problemOf(response);

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let answer = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseEvent(block);
      if (!event) continue;
      if (event.name === "error") throw new ProblemError(event.data?.status ?? 500, event.data, event.data?.retryAfterSeconds);
      handlers[event.name]?.(event.data);
      if (event.name === "done") answer = event.data;
    }
  }
  if (!answer) throw new ProblemError(0, { title: "The answer was cut off", detail: "The connection closed before the answer was complete. Try again." });
  return answer;
}

function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return null;
  return { name, data: JSON.parse(data.join("\n")) };
}

const reports = new Map();

/** A report's metadata, text and paragraphs (fetched once). */
export function getReport(id) {
  if (!reports.has(id)) {
    const pending = getJson(`api/reports/${encodeURIComponent(id)}`);
    pending.catch(() => reports.delete(id));
    reports.set(id, pending);
  }
  return reports.get(id);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2025-03-27" → "27 Mar 2025", "2025-03" → "Mar 2025", "2025" → "2025"; null → "". */
export function formatDate(value) {
  if (!value) return "";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** Only http(s) URLs become links. */
export function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch { return null; }
}
