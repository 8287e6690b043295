// What the gateway's pages share. Loaded as a file because the Content-Security-Policy runs no inline script.
// The API key lives in this tab's session storage only and goes with every request as a bearer token; text from
// the server (instructions, names, reasons) only ever becomes DOM text, never markup.
const Pages = (() => {
  const KEY = "editstream.apiKey";

  function bindKey(input) {
    input.value = sessionStorage.getItem(KEY) || "";
    input.addEventListener("input", () => {
      const key = input.value.trim();
      if (key) sessionStorage.setItem(KEY, key); else sessionStorage.removeItem(KEY);
    });
  }

  function api(path, init = {}) {
    const headers = {...(init.headers || {})};
    const key = sessionStorage.getItem(KEY);
    if (key) headers.Authorization = "Bearer " + key;
    return fetch(path, {...init, headers});
  }

  // el("p", {class: "err"}, "Refused: ", reason): strings become text nodes, so markup in them stays text
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== undefined && value !== null) node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  async function reason(res) {
    try { return (await res.json()).reason || res.statusText; } catch (e) { return res.statusText || String(res.status); }
  }

  // An <img> for a gateway image: fetched with the key (an <img src> cannot send one) and shown from a blob: URL.
  const blobs = new Map();
  function image(path, attrs) {
    const img = el("img", attrs);
    if (!blobs.has(path)) {
      blobs.set(path, api(path).then(async res => res.ok ? URL.createObjectURL(await res.blob()) : Promise.reject(res.status)));
    }
    blobs.get(path).then(url => { img.src = url; }, status => { blobs.delete(path); img.alt += ` (HTTP ${status})`; });
    return img;
  }

  // Server-sent events read through fetch (EventSource cannot send the key either). Calls onEvent(name, data) for
  // each event until it returns true or the stream ends; resolves to the response, so a caller can tell 404 from the end.
  async function events(path, onEvent) {
    const res = await api(path, {headers: {Accept: "text/event-stream"}});
    if (!res.ok) return res;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return res;
      buffer += value.replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length && onEvent(name, data.join("\n"))) {
          reader.cancel();
          return res;
        }
      }
    }
  }

  return {bindKey, api, el, reason, image, events};
})();
