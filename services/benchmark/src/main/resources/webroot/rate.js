// The rating page: AURORA's 0 / 50 / 100 judgement of a run's edits (or A/B between two model tags), then the
// run's aggregated report. Every name, instruction and reason from the server is shown as text.
const {el, api, reason, image} = Pages;
const q = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
Pages.bindKey($("apikey"));
$("run").value = q.get("run") || "";
$("rater").value = localStorage.getItem("editstream.rater") || "";
let queue = [], run = "";

$("start").addEventListener("click", async () => {
  run = $("run").value.trim();
  const rater = $("rater").value.trim();
  if (!run || !rater) { $("task").replaceChildren(el("p", {class: "err"}, "Enter the run and your name.")); return; }
  localStorage.setItem("editstream.rater", rater);
  const res = await api(`/v1/benchmarks/${encodeURIComponent(run)}/items`);
  if (!res.ok) { $("task").replaceChildren(el("p", {class: "err", id: "error"}, `No items (${res.status}): `, await reason(res))); return; }
  const items = (await res.json()).items.filter(e => e.variant === "edit");
  const a = q.get("a"), b = q.get("b");
  if (a !== null && b !== null) {
    // side by side: the same item and seed rendered under two model tags
    const byTag = (tag) => new Map(items.filter(e => (e.modelTag || "") === tag).map(e => [e.item + "/" + e.seed, e]));
    const left = byTag(a), right = byTag(b);
    queue = [...left.keys()].filter(k => right.has(k)).map(k => ({a: left.get(k), b: right.get(k)}));
  } else {
    const seen = new Set();
    queue = items.filter(e => !seen.has(e.item) && seen.add(e.item)).map(e => ({a: e}));
  }
  next();
  refresh();
});

function picture(e, which, caption) {
  const path = `/v1/benchmarks/${encodeURIComponent(run)}/items/${encodeURIComponent(e.requestId)}/${which}`;
  return el("figure", {}, image(path, {alt: caption}), el("figcaption", {}, caption));
}

function next() {
  const task = $("task");
  if (queue.length === 0) { task.replaceChildren(el("p", {id: "done"}, "All items rated — thank you.")); return; }
  const t = queue[0];
  const figures = t.b
    ? [picture(t.a, "source", "source"), picture(t.a, "output", "A"), picture(t.b, "output", "B")]
    : [picture(t.a, "source", "source"), picture(t.a, "output", "output")];
  const button = (id, score, label) => {
    const b = el("button", {id}, label);
    b.addEventListener("click", () => rate(t, score));
    return b;
  };
  const buttons = t.b
    ? [button("choice-a", 100, "A is better"), button("choice-draw", 50, "Draw"), button("choice-b", 0, "B is better")]
    : [button("score-0", 0, "0"), button("score-50", 50, "50"), button("score-100", 100, "100")];
  task.replaceChildren(el("p", {class: "instr", id: "instruction"}, t.a.instruction),
      el("p", {class: "sub"}, "item ", el("span", {id: "item"}, t.a.item), ` · ${queue.length} left`),
      el("div", {class: "row"}, figures), el("p", {}, buttons), el("p", {id: "status"}));
}

async function rate(t, score) {
  const body = {run, requestId: t.a.requestId, rater: $("rater").value.trim(), score};
  if (t.b) body.versus = t.b.requestId;
  const res = await api("/v1/ratings", {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
  if (res.status !== 202) { $("status").replaceChildren(el("span", {class: "err", id: "error"}, await reason(res))); return; }
  queue.shift();
  next();
  setTimeout(refresh, 300);
}

async function refresh() {
  if (!run) return;
  const res = await api(`/v1/benchmarks/${encodeURIComponent(run)}`);
  if (res.status !== 200) { $("summary").textContent = "no report yet"; return; }
  const s = await res.json();
  const h = s.human;
  const fmt = (e) => e && e.mean !== null ? e.mean.toFixed(1) + (e.se !== null ? " ± " + e.se.toFixed(1) : "") : "—";
  const rows = [el("tr", {}, ["model", "task", "items", "human (0–100)", "rated"].map(c => el("th", {}, c)))];
  for (const [tag, m] of Object.entries(s.models)) {
    for (const [task, g] of Object.entries(m.tasks)) {
      rows.push(el("tr", {}, [tag || "—", task, g.items, fmt(g.human), g.human.n].map(c => el("td", {}, c))));
    }
    rows.push(el("tr", {}, el("th", {}, tag || "—"), el("th", {}, "balanced overall"), el("th", {}, m.overall.items),
        el("th", {id: "overall-human"}, fmt(m.overall.human)), el("th", {})));
  }
  const wins = Object.entries(h.winRates).map(([pair, w]) => el("li", {},
      `${pair}: A ${(100 * w.aWins).toFixed(0)}% · B ${(100 * w.bWins).toFixed(0)}% · draw ${(100 * w.draws).toFixed(0)}% (${w.comparisons})`));
  $("summary").replaceChildren(
      el("p", {}, el("span", {id: "human-ratings"}, h.ratings), " ratings of ", el("span", {id: "rated-items"}, h.ratedItems),
          " items by ", el("span", {id: "raters"}, h.raters.join(", ")), "; Fleiss' κ = ",
          el("span", {id: "kappa"}, h.fleissKappa === null ? "—" : h.fleissKappa.toFixed(3))),
      el("table", {}, rows),
      wins.length ? el("ul", {id: "wins"}, wins) : "");
}
setInterval(refresh, 2000);
