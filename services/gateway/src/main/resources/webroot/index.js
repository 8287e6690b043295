// The submit page: posts the form, then follows the edit's status events and shows its stages, images and scores.
// ?id=<request id> shows (and follows) an edit, so the page's address is a link to the result.
const {el, api, reason, image, events} = Pages;
const STAGES = ["reasoner", "cue-extractor", "enhancer", "diffusion-renderer", "scorer"];
const out = document.getElementById("out");
Pages.bindKey(document.getElementById("apikey"));

document.getElementById("f").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  out.replaceChildren();
  const res = await api("/v1/edits", {method: "POST", body: new FormData(ev.target)});
  if (res.status !== 202) { out.replaceChildren(refused(res.status, await reason(res))); return; }
  const body = await res.json();
  history.replaceState(null, "", "?id=" + encodeURIComponent(body.id));
  watch(body.id);
});

function refused(status, why) {
  return el("p", {class: "err", id: "error"}, `Refused (${status}): `, why);
}

async function watch(id) {
  const state = el("span", {id: "state"}, "QUEUED");
  const progress = el("div", {id: "progress"});
  const detail = el("div", {id: "detail"});
  out.replaceChildren(el("p", {}, "Request ", el("code", {id: "rid"}, id), " — ", state),
      el("div", {class: "bar"}, progress), detail);
  let ended = false;
  while (!ended) {
    const res = await events("/v1/edits/" + encodeURIComponent(id) + "/events", (name, data) => {
      if (name !== "status") return false;
      const s = JSON.parse(data);
      show(s, state, progress, detail);
      ended = s.state === "SCORED" || s.state === "FAILED";
      return ended;
    });
    if (!res.ok) { out.replaceChildren(refused(res.status, await reason(res))); return; }
    if (!ended) await new Promise(r => setTimeout(r, 1000));   // the stream ended early (a gateway restart): follow again
  }
}

const requested = new URLSearchParams(location.search).get("id");
if (requested) watch(requested);

function show(s, state, progress, detail) {
  const done = STAGES.filter(n => s.stages && s.stages[n] && s.stages[n].done).length;
  state.textContent = s.state + (s.state === "RUNNING" ? ` (${done}/5 stages)` : "");
  progress.style.width = (100 * done / 5) + "%";
  const parts = [];
  if (s.explicitInstruction) {
    parts.push(el("p", {id: "reasoning"}, "Reasoning: ", el("b", {}, s.reasoningType), " → “",
        el("span", {id: "explicit"}, s.explicitInstruction), "”"));
  }
  const figures = [el("figure", {}, image(s.links.source, {alt: "source"}), el("figcaption", {}, "source"))];
  if (s.output) figures.push(el("figure", {}, image(s.links.image, {id: "result", alt: "edited"}), el("figcaption", {}, "edited")));
  parts.push(el("div", {class: "row"}, figures));
  if (s.scores) {
    const rows = Object.keys(s.scores).sort().map(k => el("tr", {}, el("td", {}, k), el("td", {}, s.scores[k].toFixed(4)),
        el("td", {}, s.copyBaseline && k in s.copyBaseline ? s.copyBaseline[k].toFixed(4) : "—")));
    parts.push(el("table", {}, el("tr", {}, el("td", {}, el("b", {}, "metric")), el("td", {}, el("b", {}, "output")),
        el("td", {}, el("b", {}, "copy baseline"))), rows));
  }
  if (s.failure) parts.push(el("p", {class: "err", id: "failure"}, `Failed at ${s.failure.stage}: `, s.failure.reason));
  detail.replaceChildren(...parts);
}
