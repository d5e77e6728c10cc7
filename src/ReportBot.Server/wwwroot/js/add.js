// "Add reports": files or a pasted report go to POST /api/reports with the upload key; each shows its indexing status
// (queued with a progress bar, then indexed or skipped with the reason) until it settles.
import { h, fill } from "./dom.js";

const KEY = "reportbot.uploadKey";
let maxBytes = 0;

export function initAdd(settings) {
  maxBytes = settings.uploadMaxBytes ?? 0;
  const form = document.getElementById("add-form");
  const key = document.getElementById("add-key");
  try { key.value = sessionStorage.getItem(KEY) ?? ""; } catch { /* storage off */ }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try { sessionStorage.setItem(KEY, key.value); } catch { /* storage off */ }
    const files = [...document.getElementById("add-files").files];
    const title = document.getElementById("add-title-input").value.trim();
    const text = document.getElementById("add-text").value.trim();
    if (files.length === 0 && !(title && text)) {
      addItem({ name: "Nothing to add" }).fail("Pick one or more files, or fill in a headline and the text.");
      return;
    }
    for (const file of files) {
      const item = addItem({ name: file.name });
      if (maxBytes && file.size > maxBytes) { item.fail(`The file is larger than ${maxBytes.toLocaleString()} bytes.`); continue; }
      const body = new FormData();
      body.append("file", file, file.name);
      await send(item, body, key.value);
    }
    if (title && text) {
      const item = addItem({ name: title });
      const published = document.getElementById("add-published").value || null;
      const publisher = document.getElementById("add-publisher").value.trim() || null;
      await send(item, JSON.stringify({ title, text, published, publisher }), key.value, "application/json");
    }
    form.querySelector("#add-files").value = "";
  });
}

function addItem({ name }) {
  const label = h("strong", {}, name);
  const state = h("span", { class: "upload-state" }, "Uploading…");
  const bar = h("progress", { "aria-label": `Indexing ${name}` });
  const link = h("span", {});
  const el = h("li", { class: "upload-item", dataset: { status: "uploading" } }, label, state, bar, link);
  document.getElementById("upload-list").prepend(el);
  const set = (status, text) => { el.dataset.status = status; state.textContent = text; if (status !== "queued" && status !== "uploading") bar.remove(); };
  return {
    el, set, link,
    fail: (message) => set("error", message),
  };
}

async function send(item, body, key, contentType) {
  const headers = { Authorization: `Bearer ${key}`, Accept: "application/json" };
  if (contentType) headers["Content-Type"] = contentType;
  let response;
  try { response = await fetch("api/reports", { method: "POST", headers, body }); }
  catch (e) { item.fail(`The report could not be sent (${e.message}).`); return; }
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) {
    item.fail(response.status === 401 ? "The upload key is wrong." : (data?.detail ?? data?.title ?? `HTTP ${response.status}`));
    return;
  }
  item.set("queued", "Queued for indexing…");
  await follow(item, data.id);
}

async function follow(item, id) {
  for (let i = 0; i < 600; i++) {
    let status;
    try {
      const r = await fetch(`api/reports/${encodeURIComponent(id)}/status`, { headers: { Accept: "application/json" } });
      status = r.ok ? await r.json() : null;
    } catch { status = null; }
    if (status?.status === "indexed") {
      item.set("indexed", "Indexed: you can ask about it now.");
      fill(item.link, h("a", { href: `#/reports/${encodeURIComponent(id)}` }, status.title ?? id), " · ", h("a", { href: "#/ask" }, "Ask a question"));
      return;
    }
    if (status?.status === "skipped") { item.set("skipped", `Skipped: ${status.reason}`); return; }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  item.set("queued", "Still queued: the index is busy. It will be indexed with the next sync.");
}
