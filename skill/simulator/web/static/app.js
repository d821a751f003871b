// Milia Guide browser simulator: the page's behaviour. Plain DOM, no framework, no network
// beyond this server's own /api.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { turns: [], selected: null, locale: "en-US", screen: false, said: [], recall: -1, replay: null, busy: false };
  const MUTE_KEY = "milia-sim-muted"; // a preference only: nothing said is ever kept in the browser

  // --- server ---------------------------------------------------------------------------------
  async function api(method, path, body, raw) {
    const init = { method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = raw ? body : JSON.stringify(body);
    }
    let resp;
    try {
      resp = await fetch(path, init);
    } catch (e) {
      throw new Error("the simulator server is not answering (is milia-skill simulator still running?)");
    }
    let data = null;
    try { data = await resp.json(); } catch (e) { data = null; }
    if (!resp.ok) {
      const message = (data && data.message) || ("the server answered " + resp.status);
      const err = new Error(message);
      err.status = resp.status;
      throw err;
    }
    return data;
  }

  function showError(message) {
    const box = $("error");
    if (!message) { box.hidden = true; box.textContent = ""; return; }
    box.textContent = message;
    box.hidden = false;
  }

  // --- speech ---------------------------------------------------------------------------------
  const synth = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window ? window.speechSynthesis : null;
  let speakToken = 0;

  function muted() { return $("mute").checked; }

  function speak(segments) {
    if (!synth) return;
    speakToken += 1;
    const token = speakToken;
    synth.cancel();
    if (muted() || !segments || !segments.length) return;
    let i = 0;
    const next = () => {
      if (token !== speakToken || muted() || i >= segments.length) return;
      const seg = segments[i++];
      const u = new SpeechSynthesisUtterance(seg.text);
      u.lang = state.locale;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        setTimeout(next, seg.pause || 0);
      };
      u.onend = finish;
      u.onerror = finish; // no voice for this language: carry on with the next segment
      synth.speak(u);
    };
    next();
  }

  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition || null;
  let recognizer = null;

  function setupMic() {
    if (!Recognition) return; // no speech recognition in this browser: typing only
    const mic = $("mic");
    mic.hidden = false;
    mic.addEventListener("click", listen);
  }

  function listen() {
    if (recognizer) { recognizer.stop(); return; }
    const mic = $("mic");
    try {
      recognizer = new Recognition();
    } catch (e) {
      showError("speech recognition is not available here; type instead");
      return;
    }
    recognizer.lang = state.locale;
    recognizer.interimResults = false;
    recognizer.maxAlternatives = 1;
    recognizer.onresult = (event) => {
      const words = event.results[0][0].transcript;
      $("utterance").value = words;
      say(words);
    };
    recognizer.onerror = (event) => {
      showError("speech recognition failed (" + event.error + "); type instead");
    };
    recognizer.onend = () => { recognizer = null; mic.classList.remove("listening"); mic.setAttribute("aria-pressed", "false"); };
    mic.classList.add("listening");
    mic.setAttribute("aria-pressed", "true");
    if (synth) synth.cancel();
    recognizer.start();
  }

  // --- rendering ------------------------------------------------------------------------------
  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node.setAttribute(k, v);
    }
    for (const kid of kids) if (kid) node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
    return node;
  }

  function json(value) { return JSON.stringify(value, null, 2); }

  function safetyText(turn) {
    const s = turn.safety;
    if (turn.refused) return { cls: "verdict-refuse", text: "refused" + (s && s.reason ? " (" + s.reason + ")" : "") };
    if (s && s.route) return { cls: "verdict-route", text: "sent elsewhere: " + s.route + (s.reason ? " (" + s.reason + ")" : "") };
    if (s && s.kind === "urgent") return { cls: "verdict-route", text: "sent to a doctor (red flags)" };
    if (!s) return { cls: "", text: "did not run" };
    return { cls: "verdict-allow", text: "allowed" };
  }

  function addTurn(turn) {
    state.turns.push(turn);
    const list = $("transcript");
    if (turn.manual) {
      list.appendChild(el("li", { class: "you" }, el("div", { class: "bubble manual-note", text: "(manual " + (turn.request_type || "request") + ")" })));
    } else {
      list.appendChild(el("li", { class: "you" }, el("div", { class: "bubble", text: turn.utterance })));
    }
    const meta = el("div", { class: "meta" });
    meta.appendChild(el("span", { class: "badge", text: turn.intent || turn.request_type || "?" }));
    if (turn.refused) meta.appendChild(el("span", { class: "badge refused", text: "refused" }));
    else if (turn.sent_elsewhere) meta.appendChild(el("span", { class: "badge routed", text: "sent to " + turn.sent_elsewhere }));
    if (turn.end_session) meta.appendChild(el("span", { class: "badge ended", text: "session ended" }));
    meta.appendChild(el("span", { class: "badge", text: turn.elapsed_ms + " ms" }));
    const bubble = el("button", { type: "button", class: "bubble turn-link", "data-index": String(state.turns.length - 1), "aria-label": "Alexa's answer, turn " + state.turns.length + ": show details" },
      el("div", { class: "speech", text: turn.speech || "(no speech)" }),
      turn.card && turn.card.title ? el("div", { class: "card-title", text: "Card: " + turn.card.title }) : null,
      meta);
    bubble.addEventListener("click", () => select(Number(bubble.dataset.index)));
    list.appendChild(el("li", { class: "alexa" }, bubble));
    list.scrollTop = list.scrollHeight;
    addIo(turn, state.turns.length);
    select(state.turns.length - 1);
  }

  function copyButton(getText) {
    const b = el("button", { type: "button", class: "copy", text: "Copy" });
    b.addEventListener("click", async (event) => {
      event.preventDefault();
      event.stopPropagation();
      const text = getText();
      try {
        await navigator.clipboard.writeText(text);
        b.textContent = "Copied";
      } catch (e) {
        // no clipboard permission (plain http, some browsers): select the text instead
        const pre = b.parentElement.querySelector("pre");
        if (pre) window.getSelection().selectAllChildren(pre);
        b.textContent = "Selected";
      }
      setTimeout(() => { b.textContent = "Copy"; }, 1200);
    });
    return b;
  }

  // The envelopes are written out when first opened: a turn's answer shows without waiting
  // for kilobytes of JSON to be laid out.
  function jsonDetails(label, value, cls) {
    let text = null;
    const get = () => (text === null ? (text = json(value)) : text);
    const pre = el("pre", { class: "json " + cls });
    const fill = () => { if (!pre.textContent) pre.textContent = get(); };
    const summary = el("summary", { text: label });
    summary.addEventListener("click", fill);
    const details = el("details", { class: cls + "-details" }, summary, copyButton(get), pre);
    details.addEventListener("toggle", fill);
    return details;
  }

  function addIo(turn, number) {
    $("io-empty").hidden = true;
    const head = el("div", { class: "io-head", text: "#" + number + " " + (turn.manual ? "manual " + turn.request_type : "“" + turn.utterance + "”") + " → " + (turn.handler || "?") });
    const item = el("li", { "data-index": String(number - 1) }, head,
      jsonDetails("Request", turn.request, "io-request"),
      jsonDetails("Response", turn.response, "io-response"));
    const list = $("io-list");
    list.insertBefore(item, list.firstChild);
  }

  function select(index) {
    const turn = state.turns[index];
    if (!turn) return;
    state.selected = index;
    document.querySelectorAll(".alexa .bubble").forEach((b) => b.classList.toggle("selected", Number(b.dataset.index) === index));
    $("turn-empty").hidden = true;
    $("turn").hidden = false;
    $("turn-number").textContent = (index + 1) + " of " + state.turns.length;
    $("t-utterance").textContent = turn.manual ? "(manual envelope)" : turn.utterance;
    $("t-intent").textContent = turn.intent || turn.request_type || "—";
    const nlu = turn.nlu;
    $("t-method").textContent = nlu ? nlu.method + " (" + nlu.mode + " NLU)" : "— (envelope sent as written)";
    $("t-confidence").textContent = nlu && typeof nlu.confidence === "number" ? nlu.confidence.toFixed(2) : nlu && nlu.mode === "exact" ? "— (exact mode)" : "—";
    $("t-handler").textContent = turn.handler || "—";
    const s = safetyText(turn);
    const safety = $("t-safety");
    safety.textContent = s.text;
    safety.className = s.cls;
    $("t-time").textContent = turn.elapsed_ms + " ms";
    $("t-session").textContent = turn.end_session ? "ended" : "open (reprompt: " + (turn.reprompt || "none") + ")";
    const body = $("t-slots");
    body.textContent = "";
    if (!turn.slots.length) body.appendChild(el("tr", {}, el("td", { colspan: "3", class: "muted", text: "no slots" })));
    for (const slot of turn.slots) {
      const res = el("td");
      if (!slot.resolutions.length) res.textContent = slot.value == null ? "—" : "(built-in type: no resolution)";
      for (const r of slot.resolutions) {
        const ok = r.status === "ER_SUCCESS_MATCH";
        const line = el("div", { class: ok ? "er-match" : "er-nomatch" },
          el("code", { text: r.status || "?" }),
          ok ? " " + r.values.map((v) => v.name + " → " + v.id).join(", ") : "");
        line.title = r.authority || "";
        res.appendChild(line);
      }
      body.appendChild(el("tr", { "data-slot": slot.name }, el("td", { text: slot.name }), el("td", { text: slot.value == null ? "—" : slot.value }), res));
    }
    $("t-before").textContent = json(turn.attributes_before);
    $("t-after").textContent = json(turn.attributes_after);
    renderDisplay(turn);
  }

  function renderDisplay(turn) {
    const card = $("card");
    card.textContent = "";
    if (turn.card) {
      card.appendChild(el("p", { class: "title", text: turn.card.title || "(untitled card)" }));
      card.appendChild(el("p", { class: "text", text: turn.card.text || "" }));
    } else {
      card.appendChild(el("p", { class: "muted", text: "No card on this turn." }));
    }
    const apl = turn.apl && turn.apl[0];
    const wrap = $("apl-wrap");
    const note = $("screen-note");
    const hasScreen = Boolean(((turn.request.context || {}).System || {}).device && (((turn.request.context || {}).System || {}).device.supportedInterfaces || {})["Alexa.Presentation.APL"]);
    if (apl) {
      wrap.hidden = false;
      note.hidden = true;
      $("apl-raw").textContent = json(apl.document);
      window.MiliaAPL.render($("apl-viewport"), apl.document, apl.datasources);
    } else {
      wrap.hidden = true;
      note.hidden = false;
      note.textContent = hasScreen ? "No APL document on this turn." : "Voice-only device: no screen. Choose “With a screen” to see APL.";
    }
  }

  function applyState(s) {
    state.locale = s.locale;
    state.screen = s.screen;
    const locale = $("locale");
    if (!locale.options.length) for (const l of s.locales) locale.appendChild(el("option", { value: l, text: l }));
    locale.value = s.locale;
    $("device").value = s.screen ? "screen" : "voice";
    const nlu = $("nlu");
    if (!nlu.options.length) for (const m of s.nlu_modes) nlu.appendChild(el("option", { value: m, text: m }));
    nlu.value = s.nlu;
    document.documentElement.lang = s.locale;
  }

  function clearConversation() {
    state.turns = [];
    state.selected = null;
    $("transcript").textContent = "";
    $("io-list").textContent = "";
    $("io-empty").hidden = false;
    $("turn").hidden = true;
    $("turn-empty").hidden = false;
    $("turn-number").textContent = "";
    $("card").textContent = "";
    $("card").appendChild(el("p", { class: "muted", text: "No card yet." }));
    $("apl-wrap").hidden = true;
    $("screen-note").hidden = false;
    if (synth) synth.cancel();
  }

  // --- actions --------------------------------------------------------------------------------
  async function say(text) {
    const words = (text || "").trim();
    if (!words) {
      showError("say something: the utterance is empty");
      $("utterance").focus();
      return null;
    }
    state.busy = true;
    try {
      const t0 = performance.now();
      const turn = await api("POST", "/api/say", { utterance: words });
      turn.round_trip_ms = Math.round((performance.now() - t0) * 10) / 10;
      showError(null);
      state.said.push(words);
      state.recall = -1;
      addTurn(turn);
      speak(turn.speech_segments);
      $("utterance").value = "";
      return turn;
    } catch (e) {
      showError(e.message);
      return null;
    } finally {
      state.busy = false;
    }
  }

  async function configure(change) {
    try {
      const s = await api("POST", "/api/config", change);
      showError(null);
      applyState(s);
      clearConversation();
    } catch (e) {
      showError(e.message);
      const s = await api("GET", "/api/state").catch(() => null);
      if (s) applyState(s);
    }
  }

  async function download(path, name) {
    try {
      const data = await api("GET", path);
      const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
      const a = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
      showError(null);
    } catch (e) {
      showError(e.message);
    }
  }

  async function loadReplay(file) {
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch (e) {
      showError("that replay file is not valid JSON: " + e.message);
      return;
    }
    try {
      const replay = await api("POST", "/api/replay", data);
      applyState(replay.state);
      clearConversation();
      showError(null);
      state.replay = { inputs: replay.userInput, next: 0, name: file.name };
      updateReplay();
      $("replay-next").focus();
    } catch (e) {
      showError(e.message);
    }
  }

  function updateReplay() {
    const r = state.replay;
    const box = $("replay-steps");
    if (!r) { box.hidden = true; return; }
    box.hidden = false;
    const done = r.next >= r.inputs.length;
    $("replay-status").textContent = done
      ? "Replay of " + r.name + ": done (" + r.inputs.length + " turns)"
      : "Replay of " + r.name + ": " + r.next + "/" + r.inputs.length + ", next “" + r.inputs[r.next] + "”";
    $("replay-next").disabled = done;
    $("replay-all").disabled = done;
  }

  async function replayStep() {
    const r = state.replay;
    if (!r || r.next >= r.inputs.length || state.busy) return false;
    const words = r.inputs[r.next];
    r.next += 1;
    const turn = await say(words);
    updateReplay();
    return Boolean(turn);
  }

  async function replayAll() {
    while (state.replay && state.replay.next < state.replay.inputs.length) {
      if (!(await replayStep())) break;
    }
  }

  async function sendManual() {
    const text = $("manual-json").value;
    const result = $("manual-result");
    if (!text.trim()) {
      result.textContent = "Paste or write a request envelope first (or press New LaunchRequest).";
      result.className = "small bad";
      return;
    }
    // The server checks the JSON and names the line and column of a mistake.
    try {
      const t0 = performance.now();
      const turn = await api("POST", "/api/invoke", text, true);
      turn.round_trip_ms = Math.round((performance.now() - t0) * 10) / 10;
      result.textContent = "Sent. " + (turn.handler || "?") + " answered in " + turn.elapsed_ms + " ms.";
      result.className = "small";
      showError(null);
      addTurn(turn);
      speak(turn.speech_segments);
    } catch (e) {
      result.textContent = e.message;
      result.className = "small bad";
      showError(e.message);
    }
  }

  function selectTab(tab) {
    document.querySelectorAll("[role=tab]").forEach((t) => {
      const on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    });
    if (tab.id === "tab-display") window.MiliaAPL.fit($("apl-viewport"));
  }

  // --- wiring ---------------------------------------------------------------------------------
  function wire() {
    $("mute").checked = localStorage.getItem(MUTE_KEY) === "1";
    $("mute").addEventListener("change", () => {
      localStorage.setItem(MUTE_KEY, muted() ? "1" : "0");
      if (muted() && synth) synth.cancel();
    });
    if (!synth) {
      $("mute").disabled = true;
      $("mute").parentElement.title = "This browser has no speech synthesis";
    }
    $("say").addEventListener("submit", (event) => {
      event.preventDefault();
      say($("utterance").value);
    });
    $("utterance").addEventListener("keydown", (event) => {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      if (!state.said.length) return;
      event.preventDefault();
      if (event.key === "ArrowUp") state.recall = state.recall < 0 ? state.said.length - 1 : Math.max(0, state.recall - 1);
      else state.recall = state.recall < 0 ? -1 : state.recall + 1;
      if (state.recall >= state.said.length) state.recall = -1;
      $("utterance").value = state.recall < 0 ? "" : state.said[state.recall];
    });
    $("locale").addEventListener("change", () => configure({ locale: $("locale").value }));
    $("device").addEventListener("change", () => configure({ screen: $("device").value === "screen" }));
    $("nlu").addEventListener("change", () => configure({ nlu: $("nlu").value }));
    $("config").addEventListener("submit", (event) => event.preventDefault());
    $("new-session").addEventListener("click", async () => {
      try {
        applyState(await api("POST", "/api/new", {}));
        clearConversation();
        showError(null);
        $("utterance").focus();
      } catch (e) { showError(e.message); }
    });
    $("forget").addEventListener("click", async () => {
      try {
        const turn = await api("POST", "/api/forget", {});
        clearConversation();
        state.said = [];
        state.replay = null;
        updateReplay();
        applyState(turn.state);
        addTurn(turn);
        speak(turn.speech_segments);
        showError(null);
      } catch (e) { showError(e.message); }
    });
    $("save-replay").addEventListener("click", () => download("/api/replay-file", "milia-guide-replay.json"));
    $("save-skill-io").addEventListener("click", () => download("/api/skill-io", "milia-guide-skill-io.json"));
    $("replay-file").addEventListener("change", (event) => {
      const file = event.target.files[0];
      if (file) loadReplay(file);
      event.target.value = "";
    });
    $("replay-next").addEventListener("click", replayStep);
    $("replay-all").addEventListener("click", replayAll);
    $("replay-stop").addEventListener("click", () => { state.replay = null; updateReplay(); $("utterance").focus(); });
    $("manual").addEventListener("submit", (event) => { event.preventDefault(); sendManual(); });
    $("manual-json").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); sendManual(); }
    });
    $("manual-template").addEventListener("click", async () => {
      try { $("manual-json").value = json(await api("GET", "/api/template")); } catch (e) { showError(e.message); }
    });
    $("manual-last").addEventListener("click", () => {
      const last = state.turns[state.turns.length - 1];
      if (last) $("manual-json").value = json(last.request);
      else $("manual-result").textContent = "No request yet: say something first, or press New LaunchRequest.";
    });
    const tabs = Array.from(document.querySelectorAll("[role=tab]"));
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => selectTab(tab));
      tab.addEventListener("keydown", (event) => {
        let j = null;
        if (event.key === "ArrowRight") j = (i + 1) % tabs.length;
        else if (event.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
        else if (event.key === "Home") j = 0;
        else if (event.key === "End") j = tabs.length - 1;
        if (j !== null) { event.preventDefault(); selectTab(tabs[j]); tabs[j].focus(); }
      });
    });
    document.querySelectorAll("[data-copy]").forEach((b) => {
      const target = $(b.dataset.copy);
      const copy = copyButton(() => target.textContent);
      b.replaceWith(copy);
    });
    document.addEventListener("keydown", (event) => {
      if (event.altKey && (event.key === "n" || event.key === "N")) { event.preventDefault(); $("new-session").click(); }
      if (event.altKey && (event.key === "m" || event.key === "M") && Recognition) { event.preventDefault(); listen(); }
    });
    // the device screen scales with its panel (a tab shown, a window or phone turned)
    const refit = () => window.MiliaAPL.fit($("apl-viewport"));
    if ("ResizeObserver" in window) new ResizeObserver(refit).observe($("apl-viewport"));
    else window.addEventListener("resize", refit);
    setupMic();
  }

  async function start() {
    wire();
    try {
      applyState(await api("GET", "/api/state"));
      document.body.dataset.ready = "true";
    } catch (e) {
      showError(e.message);
    }
  }

  window.miliaSimulator = { state };
  start();
})();
