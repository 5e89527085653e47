"use strict";
(() => {
  const key = new URLSearchParams(location.search).get("code");
  const source = new URLSearchParams(location.search).get("source");
  const states = ["issued", "pending", "failed", "at_risk", "queued", "revoked"];
  const words = { issued: "Ready to use", pending: "Pending", failed: "Failed", at_risk: "At risk", queued: "Queued", revoked: "Revoked" };
  const el = (tag, props = {}, ...children) => {
    const { dataset, ...rest } = props;
    const node = Object.assign(document.createElement(tag), rest);
    Object.assign(node.dataset, dataset || {});
    for (const child of children) node.append(child);
    return node;
  };
  const filter = document.getElementById("attention");

  // The state a row is shown in: the worst that applies (a stay can be issued and at risk).
  const stateOf = (stay) => stay.status === "revoked" ? "revoked" : stay.status === "failed" ? "failed"
    : stay.readiness && stay.readiness.ready === false ? "at_risk" : stay.queued ? "queued" : stay.status;
  const needsAttention = (stay, now) => {
    const state = stateOf(stay);
    const soon = stay.starts_at && Date.parse(stay.starts_at) - now < 2 * 3600 * 1000;
    return state === "failed" || state === "at_risk" || state === "queued" || (state === "pending" && soon);
  };
  const when = (iso, zone) => {
    if (!iso) return "at once";
    const options = { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone: zone || "UTC", timeZoneName: zone ? "short" : undefined };
    return new Intl.DateTimeFormat(undefined, options).format(new Date(iso)) + (zone ? "" : " UTC");
  };
  const dayOf = (iso, zone, now) => {
    const day = (t) => new Intl.DateTimeFormat("en-CA", { timeZone: zone || "UTC" }).format(new Date(t));
    const d = iso ? day(Date.parse(iso)) : day(now);
    return d <= day(now) ? "Today" : d === day(now + 86400000) ? "Tomorrow" : "Later";
  };
  const chip = (door) => {
    const lock = door.device_name || door.device_id || "credential";
    const bad = door.online === false || (door.battery_level != null && door.battery_level < 0.2) || door.status === "failed";
    const parts = [door.status];
    if (door.online === false) parts.push("offline");
    if (door.battery_level != null) parts.push("battery " + Math.round(door.battery_level * 100) + "%");
    return el("li", { className: "chip " + (bad ? "bad" : door.status === "set" || door.status === "issued" ? "ok" : ""), textContent: lock + ": " + parts.join(", ") });
  };
  const cell = (label, ...children) => el("td", { dataset: { label } }, ...children);
  const row = (stay) => {
    const state = stateOf(stay);
    const reasons = (stay.readiness && stay.readiness.reasons) || [];
    const lockName = (id) => (stay.doors.find((d) => d.device_id === id) || {}).device_name || id;
    const reasonList = reasons.length ? el("ul", { className: "reasons" }, ...reasons.map((r) => el("li", { textContent: r.code.replace(/_/g, " ") + (r.device_id ? " (" + lockName(r.device_id) + ")" : "") }))) : "";
    const tr = el("tr", { className: "stay" },
      cell("Arrival", when(stay.starts_at, stay.time_zone)),
      cell("Reference", el("strong", { textContent: stay.reference }), stay.name && stay.name !== stay.reference ? el("div", { textContent: stay.name }) : ""),
      cell("Doors", el("ul", { className: "chips" }, ...stay.doors.map(chip))),
      cell("Status", el("span", { className: "status s-" + state, textContent: words[state] }), reasonList,
        stay.queued ? el("div", { textContent: "next try " + when(stay.queued.next_attempt_at, stay.time_zone) }) : ""),
      cell("First use", stay.first_used_at ? when(stay.first_used_at, stay.time_zone) : "not yet"));
    tr.dataset.state = state;
    return tr;
  };
  const table = (title, stays) => el("section", {},
    el("h2", { textContent: title }),
    stays.length === 0 ? el("p", { className: "empty", textContent: "No arrivals." }) : el("table", {},
      el("caption", { textContent: stays.length + (stays.length === 1 ? " stay" : " stays") }),
      el("thead", {}, el("tr", {}, ...["Arrival", "Reference", "Doors", "Status", "First use"].map((h) => el("th", { scope: "col", textContent: h })))),
      el("tbody", {}, ...stays.map(row))));

  let stays = [];
  const render = () => {
    const now = Date.now();
    const shown = filter.checked ? stays.filter((s) => needsAttention(s, now)) : stays;
    const counts = document.getElementById("counts");
    counts.replaceChildren(...states.map((state) => el("li", { className: "count", dataset: { state }, textContent: words[state] + ": " + stays.filter((s) => stateOf(s) === state).length })));
    const groups = ["Today", "Tomorrow", "Later"].map((day) => table(day, shown.filter((s) => dayOf(s.starts_at, s.time_zone, now) === day)));
    document.getElementById("days").replaceChildren(...groups);
  };
  const problem = (text) => {
    const box = document.getElementById("problem");
    box.hidden = !text;
    box.textContent = text || "";
  };
  const load = async () => {
    const from = new Date(Date.now() - 12 * 3600 * 1000).toISOString();
    const to = new Date(Date.now() + 7 * 86400 * 1000).toISOString();
    const all = [];
    let continuation = null;
    try {
      do {
        const query = new URLSearchParams({ from, to, limit: "200" });
        if (key) query.set("code", key);
        if (source) query.set("source", source);
        if (continuation) query.set("continuation", continuation);
        const response = await fetch("stays?" + query, { headers: { Accept: "application/json" }, cache: "no-store" });
        if (!response.ok) {
          throw new Error(response.status === 401 || response.status === 403
            ? "The board's function key was refused: open it with ?code=<function key>."
            : response.status === 404 && source ? "No source named " + source + "." : "The stays could not be read (" + response.status + "). The board tries again in a minute.");
        }
        const page = await response.json();
        all.push(...page.stays);
        continuation = page.continuation;
      } while (continuation);
      stays = all;
      problem(null);
      document.getElementById("refreshed").textContent = "Updated " + new Date().toLocaleTimeString();
      render();
    } catch (error) {
      problem(error.message);
    }
  };
  filter.addEventListener("change", render);
  load();
  setInterval(load, 60000);
})();
