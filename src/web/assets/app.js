// RepoLens page: talks to the public HTTP API only (as a separately hosted frontend would).
// Everything from the API is rendered with textContent, never as HTML.

const API = (document.querySelector('meta[name="repolens-api"]')?.content ?? "").replace(
  /\/+$/,
  "",
);
const TERMINAL = ["completed", "failed", "cancelled"];
const NEUTRAL = "#8b949e";
const PAGE = 10;

const $ = (id) => document.getElementById(id);
const els = {
  form: $("submit-form"),
  url: $("repo-url"),
  ref: $("ref"),
  force: $("force"),
  submit: $("submit-button"),
  urlError: $("repo-url-error"),
  refError: $("ref-error"),
  formError: $("form-error"),
  section: $("analysis"),
  title: $("analysis-title"),
  repo: $("analysis-repo"),
  status: $("analysis-status"),
  share: $("share-link"),
  progressBox: $("progress-box"),
  bar: $("progress-bar"),
  progressText: $("progress-text"),
  announce: $("announce"),
  cancel: $("cancel-button"),
  log: $("step-log"),
  connection: $("connection"),
  failure: $("failure"),
  report: $("report"),
  history: $("history-list"),
  historyError: $("history-error"),
  more: $("history-more"),
  service: $("service"),
};

/** Builds an element; `attrs` keys starting with "on" are listeners, children are nodes or text. */
function h(tag, attrs = {}, ...children) {
  const svg = ["svg", "rect", "circle", "title", "g"].includes(tag);
  const el = svg
    ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v) => (Array.isArray(v) ? v : []);
const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v) => (typeof v === "string" && v !== "" ? v : null);
const int = (v) => (num(v) === null ? "–" : v.toLocaleString("en"));

function bytes(v) {
  const n = num(v);
  if (n === null) return "–";
  const units = ["B", "KB", "MB", "GB"];
  let size = n;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${unit === 0 ? size : size.toFixed(1)} ${units[unit]}`;
}

function date(v) {
  const d = str(v) ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toLocaleString("en") : "–";
}

function show(el, text) {
  el.textContent = text ?? "";
  el.hidden = !text;
}

/** A definition list of [term, value] pairs; pairs with a null value are left out. */
function facts(pairs) {
  return h(
    "dl",
    { class: "facts" },
    pairs
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
  );
}

function block(title, ...content) {
  return h("section", { class: "block" }, h("h3", {}, title), ...content);
}

function table(caption, head, rows) {
  return h(
    "div",
    { class: "scroll", tabindex: 0, role: "region", "aria-label": caption },
    h(
      "table",
      {},
      h("caption", {}, caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          head.map((c) => h("th", { scope: "col" }, c)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            {},
            r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c))),
          ),
        ),
      ),
    ),
  );
}

// ---- reaching the API ------------------------------------------------------------------

// A free host puts the API to sleep when idle; its first answer can take a minute. While it
// does not answer, the page says so and tries again with a growing pause, then carries on.
const WAKE_FIRST_DELAY = 1000;
const WAKE_MAX_DELAY = 15_000;
let reaching = null;

const refusedMessage = () =>
  `This page (${location.origin}) is not allowed to use the RepoLens API at ${API || location.origin}. ` +
  "Its operator must add this page's origin to the API's FRONTEND_URL.";

/**
 * How the API answers its health route: "up"; "refused" when it answers but not to this page
 * (CORS: no Access-Control-Allow-Origin for this origin), told apart from "down" by a request
 * whose answer the page may not read but whose arrival it sees.
 */
async function probe() {
  const url = `${API}/api/health`;
  const withCors = () =>
    fetch(url, { cache: "no-store" }).then(
      (response) => (response.status < 500 ? "up" : "down"),
      () => null,
    );
  const first = await withCors();
  if (first) return first;
  try {
    await fetch(url, { mode: "no-cors", cache: "no-store" });
  } catch {
    return "down";
  }
  // It answers, so it refuses this origin, unless it came up between the two requests (a cold
  // start ending): asked again, a server that is merely up answers this time.
  return (await withCors()) ?? "refused";
}

/** Resolves once the API answers (at once if it does); rejects if it refuses this page. */
function reachApi() {
  reaching ??= (async () => {
    let delay = WAKE_FIRST_DELAY;
    try {
      for (;;) {
        const state = await probe();
        if (state === "up") return show(els.service, "");
        if (state === "refused") {
          els.service.dataset.state = "refused";
          show(els.service, refusedMessage());
          throw Object.assign(new Error(refusedMessage()), { code: "ORIGIN_NOT_ALLOWED" });
        }
        els.service.dataset.state = "waking";
        show(
          els.service,
          `Waking the server: it sleeps when nobody uses it and can take a minute to start. Trying again in ${Math.round(delay / 1000)} s…`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, WAKE_MAX_DELAY);
      }
    } finally {
      reaching = null;
    }
  })();
  return reaching;
}

async function api(path, init = {}) {
  let response;
  for (;;) {
    try {
      response = await fetch(`${API}${path}`, init);
      break;
    } catch {
      // No answer. A read is repeated once the server is up; a submission is not, as it may
      // have arrived: the person sends it again.
      if ((init.method ?? "GET") !== "GET") {
        reachApi().catch(() => undefined);
        throw Object.assign(
          new Error("The service cannot be reached. It may be waking up: try again in a moment."),
          { code: "NETWORK" },
        );
      }
      await reachApi();
    }
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = isObj(body?.error) ? body.error : {};
    let message = str(error.message) ?? `The service answered ${response.status}.`;
    const retry = response.headers.get("Retry-After");
    if (response.status === 429 && retry) message += ` Try again in ${retry} s.`;
    throw Object.assign(new Error(message), { code: str(error.code), status: response.status });
  }
  return body;
}

// ---- cancel tokens ----------------------------------------------------------------------

// The API gives an analysis's cancel token once, to whoever submitted it; the page keeps the
// tokens of its own submissions (the newest few, until each analysis ends), so only those can
// be cancelled from here. Without storage (private mode, disabled) they live as long as the page.
const TOKENS_KEY = "repolens.cancelTokens";
const MAX_TOKENS = 20;
const memoryTokens = {};

function storedTokens() {
  try {
    const stored = JSON.parse(localStorage.getItem(TOKENS_KEY) ?? "{}");
    return isObj(stored) ? { ...memoryTokens, ...stored } : { ...memoryTokens };
  } catch {
    return { ...memoryTokens };
  }
}

function saveTokens(tokens) {
  for (const key of Object.keys(memoryTokens)) delete memoryTokens[key];
  Object.assign(memoryTokens, tokens);
  try {
    localStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  } catch {
    // Storage refused: the token still works while this page is open.
  }
}

const cancelToken = (id) => str(storedTokens()[id]);

function keepCancelToken(id, token) {
  const tokens = storedTokens();
  delete tokens[id];
  tokens[id] = token;
  const ids = Object.keys(tokens);
  for (const old of ids.slice(0, Math.max(0, ids.length - MAX_TOKENS))) delete tokens[old];
  saveTokens(tokens);
}

function forgetCancelToken(id) {
  const tokens = storedTokens();
  if (!(id in tokens)) return;
  delete tokens[id];
  saveTokens(tokens);
}

// ---- submitting -------------------------------------------------------------------------

function clearErrors() {
  for (const [input, out] of [
    [els.url, els.urlError],
    [els.ref, els.refError],
  ]) {
    input.removeAttribute("aria-invalid");
    show(out, "");
  }
  show(els.formError, "");
}

els.form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  const body = { repoUrl: els.url.value.trim() };
  if (els.ref.value.trim()) body.ref = els.ref.value.trim();
  if (els.force.checked) body.force = true;
  els.submit.disabled = true;
  try {
    const submitted = await api("/api/analyses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    // A deduplicated submission has no token: the analysis is someone else's to cancel.
    if (str(submitted.cancelToken)) keepCancelToken(submitted.id, submitted.cancelToken);
    open(submitted.id, { push: true, focus: true });
    loadHistory();
  } catch (error) {
    // A message naming the ref belongs next to the ref field; a bad URL next to the URL.
    const aboutRef = /^ref\b/.test(error.message);
    if (error.status === 400 || error.status === 413) {
      const [input, out] = aboutRef ? [els.ref, els.refError] : [els.url, els.urlError];
      input.setAttribute("aria-invalid", "true");
      show(out, error.message);
      input.focus();
    } else {
      show(els.formError, error.message);
    }
  } finally {
    els.submit.disabled = false;
  }
});

// ---- following one analysis -------------------------------------------------------------

let current = null;

function stopFollowing() {
  if (!current) return;
  current.source?.close();
  clearTimeout(current.retry);
  current = null;
}

/** Shows analysis `id` and follows it live until it ends. */
function open(id, { push = false, focus = false } = {}) {
  stopFollowing();
  const url = `${location.pathname}?id=${encodeURIComponent(id)}`;
  if (push) history.pushState({ id }, "", url);
  els.share.href = url;
  els.section.hidden = false;
  els.repo.textContent = "";
  els.status.textContent = "";
  els.log.replaceChildren();
  els.report.replaceChildren();
  show(els.failure, "");
  show(els.connection, "");
  els.progressBox.hidden = false;
  els.bar.value = 0;
  els.progressText.textContent = "Loading…";
  els.announce.textContent = "";
  if (focus) els.title.focus();
  current = { id, lastStep: null, done: false, source: null, retry: 0, delay: 1000 };
  connect(current);
}

function connect(state) {
  const source = new EventSource(`${API}/api/analyses/${encodeURIComponent(state.id)}/events`);
  state.source = source;
  const onView = (event) => {
    if (state !== current) return;
    show(els.connection, "");
    state.delay = 1000;
    render(JSON.parse(event.data));
  };
  source.addEventListener("snapshot", onView);
  for (const name of TERMINAL) source.addEventListener(name, onView);
  source.addEventListener("progress", (event) => {
    if (state !== current) return;
    progress(JSON.parse(event.data).progress, "active");
  });
  source.addEventListener("error", () => {
    if (state !== current || state.done) return;
    show(els.connection, "Connection lost; reconnecting…");
    // The browser retries a dropped stream by itself (readyState CONNECTING); a refused one
    // (CLOSED) is retried here. Either way the state is re-read now, so an analysis that
    // ended while the stream was down shows its final state at once.
    if (source.readyState === EventSource.CLOSED) {
      state.retry = setTimeout(() => state === current && connect(state), state.delay);
      state.delay = Math.min(state.delay * 2, 30_000);
    }
    refetch(state);
  });
}

async function refetch(state) {
  try {
    const view = await api(`/api/analyses/${encodeURIComponent(state.id)}`);
    if (state === current) render(view);
  } catch (error) {
    if (state !== current) return;
    if (error.status === 404) {
      state.done = true;
      state.source?.close();
      clearTimeout(state.retry);
      els.progressBox.hidden = true;
      show(els.connection, "");
      show(els.failure, "No analysis has this id. It may have expired from the history.");
    }
  }
}

function progress(p, status) {
  if (!isObj(p)) return;
  const pct = Math.max(0, Math.min(100, num(p.percentage) ?? 0));
  els.bar.value = pct;
  const step = str(p.step) ?? status;
  const counter =
    num(p.totalSteps) > 1 && num(p.currentStep)
      ? ` (step ${p.currentStep} of ${p.totalSteps})`
      : "";
  els.progressText.textContent = `${step}${counter} — ${Math.round(pct)}%`;
  // Screen readers hear each step once, not every percent.
  if (step !== current?.lastStep) {
    if (current) current.lastStep = step;
    els.announce.textContent = `Analysis ${step}${counter}`;
    els.log.append(h("li", {}, `${new Date().toLocaleTimeString("en")} ${step}${counter}`));
  }
}

function render(view) {
  // A late answer (a GET that raced the terminal event) must not undo the final state.
  if (!isObj(view) || !current || current.done) return;
  const status = str(view.status) ?? "unknown";
  els.repo.textContent = [str(view.repoUrl), str(view.ref) && `@ ${view.ref}`]
    .filter(Boolean)
    .join(" ");
  els.status.textContent = status;
  els.status.dataset.status = status;
  document.title = `${str(view.repoUrl) ?? "Analysis"} — RepoLens`;
  const ended = TERMINAL.includes(status);
  els.cancel.hidden = ended || !cancelToken(current.id);
  if (!ended) {
    progress(view.progress, status);
    return;
  }
  current.done = true;
  forgetCancelToken(current.id);
  current.source?.close();
  clearTimeout(current.retry);
  show(els.connection, "");
  els.announce.textContent = `Analysis ${status}`;
  if (status === "completed") {
    els.bar.value = 100;
    els.progressText.textContent = "Completed.";
    els.report.replaceChildren(report(view.result, view));
  } else {
    const error = isObj(view.error) ? view.error : {};
    els.progressText.textContent = status === "failed" ? "Failed." : "Cancelled.";
    els.failure.replaceChildren(
      h("strong", {}, status === "failed" ? "The analysis failed" : "The analysis was cancelled"),
      h("p", {}, str(error.message) ?? "No reason was given."),
      str(error.code) && h("p", { class: "hint" }, `Code: ${error.code}`),
    );
    els.failure.hidden = false;
  }
  loadHistory();
}

els.cancel.addEventListener("click", async () => {
  const token = current && cancelToken(current.id);
  if (!token) return;
  els.cancel.disabled = true;
  try {
    await api(`/api/analyses/${encodeURIComponent(current.id)}`, {
      method: "DELETE",
      headers: { "X-Cancel-Token": token },
    });
    if (current) refetch(current);
  } catch (error) {
    show(els.connection, error.message);
  } finally {
    els.cancel.disabled = false;
  }
});

// ---- the report -------------------------------------------------------------------------

function report(result, view) {
  if (!isObj(result)) {
    // A completed analysis without a report: one stored before the size cap and over it, which
    // the API does not send (its error says so).
    const error = isObj(view.error) ? view.error : {};
    return h(
      "div",
      {},
      h("p", {}, str(error.message) ?? "This analysis has no report."),
      str(error.code) && h("p", { class: "hint" }, `Code: ${error.code}`),
    );
  }
  const repo = isObj(result.repo) ? result.repo : {};
  const totals = isObj(result.totals) ? result.totals : {};
  return h(
    "div",
    {},
    h("h3", { class: "sr-only" }, "Report"),
    facts([
      ["Commit", str(repo.commit)?.slice(0, 12) ?? str(view.commit)?.slice(0, 12)],
      ["Branch", str(repo.branch)],
      ["Committed", str(repo.commitDate) && date(repo.commitDate)],
      ["Finished", date(view.finishedAt)],
      ["Reused earlier result", view.cached === true ? "yes" : null],
    ]),
    block(
      "Totals",
      facts([
        ["Files", int(totals.files)],
        ["Lines of code", int(totals.code)],
        ["Comment lines", int(totals.comments)],
        ["Blank lines", int(totals.blanks)],
        ["Size", bytes(totals.bytes)],
      ]),
    ),
    languages(arr(result.languages)),
    manifests(arr(result.manifests)),
    tooling(result.tooling),
    gitFacts(result.git),
    insights(result),
    summary(result.summary),
    warnings(arr(result.warnings)),
  );
}

function languages(list) {
  const langs = list.filter((l) => isObj(l) && str(l.name));
  if (langs.length === 0) return block("Languages", h("p", {}, "No source code was counted."));
  const total = langs.reduce((sum, l) => sum + (num(l.bytes) ?? 0), 0) || 1;
  const share = (l) => num(l.share) ?? ((num(l.bytes) ?? 0) * 100) / total;
  const color = (l) => (/^#[0-9a-f]{3,8}$/i.test(l.color ?? "") ? l.color : NEUTRAL);
  let x = 0;
  const bars = langs.map((l) => {
    const w = share(l);
    const rect = h(
      "rect",
      { x, y: 0, width: w, height: 10, fill: color(l) },
      h("title", {}, `${l.name} ${w.toFixed(1)}%`),
    );
    x += w;
    return rect;
  });
  const label = `Languages by size: ${langs.map((l) => `${l.name} ${share(l).toFixed(1)}%`).join(", ")}`;
  // As GitHub draws it: one thin rounded bar of proportional segments in each language's colour,
  // a legend of coloured dots beneath.
  const chart = h(
    "svg",
    {
      class: "chart",
      viewBox: "0 0 100 10",
      preserveAspectRatio: "none",
      role: "img",
      "aria-label": label,
    },
    bars,
  );
  const swatch = (l) =>
    h(
      "svg",
      { class: "swatch", viewBox: "0 0 10 10", "aria-hidden": "true" },
      h("circle", { cx: 5, cy: 5, r: 5, fill: color(l) }),
    );
  const legend = h(
    "ul",
    { class: "legend", "aria-hidden": "true" },
    langs.map((l) =>
      h("li", {}, swatch(l), h("strong", {}, ` ${l.name}`), ` ${share(l).toFixed(1)}%`),
    ),
  );
  return block(
    "Languages",
    chart,
    legend,
    table(
      "Languages",
      ["Language", "Share", "Files", "Code", "Comments", "Blanks", "Size"],
      langs.map((l) => [
        h("span", {}, swatch(l), ` ${l.name}`),
        `${share(l).toFixed(1)}%`,
        int(l.files),
        int(l.code),
        int(l.comments),
        int(l.blanks),
        bytes(l.bytes),
      ]),
    ),
  );
}

function manifests(list) {
  const found = list.filter(isObj);
  if (found.length === 0) return block("Dependencies", h("p", {}, "No package manifests found."));
  return block(
    "Dependencies",
    found.map((m) => {
      const deps = arr(m.dependencies).filter(isObj);
      const name = [str(m.name), str(m.version)].filter(Boolean).join(" ");
      return h(
        "details",
        {},
        h(
          "summary",
          {},
          `${str(m.path) ?? "manifest"} (${str(m.ecosystem) ?? "?"})${name ? ` — ${name}` : ""}: `,
          `${deps.length} ${deps.length === 1 ? "dependency" : "dependencies"}`,
        ),
        arr(m.workspaces).length > 0 && h("p", {}, `Workspaces: ${arr(m.workspaces).join(", ")}`),
        deps.length > 0 &&
          table(
            `Dependencies of ${str(m.path) ?? "manifest"}`,
            ["Name", "Version", "Scope"],
            deps.map((d) => [str(d.name) ?? "?", str(d.constraint) ?? "", str(d.scope) ?? ""]),
          ),
      );
    }),
  );
}

const list = (v) => {
  const items = arr(v).filter((x) => typeof x === "string");
  return items.length > 0 ? items.join(", ") : "none";
};

function tooling(t) {
  if (!isObj(t)) return null;
  const tests = isObj(t.tests) ? t.tests : {};
  const containers = isObj(t.containers) ? t.containers : {};
  const docs = isObj(t.docs) ? t.docs : {};
  const license = isObj(t.license)
    ? (str(t.license.spdx) ?? `unrecognised (${t.license.path})`)
    : "none found";
  const docNames = {
    readme: "README",
    contributing: "Contributing",
    security: "Security policy",
    changelog: "Changelog",
    codeOfConduct: "Code of conduct",
  };
  const present = Object.entries(docNames)
    .filter(([k]) => str(docs[k]))
    .map(([, v]) => v);
  return block(
    "Tooling",
    facts([
      ["Test frameworks", list(tests.frameworks)],
      [
        "Test files",
        num(tests.files) ? `${int(tests.files)} in ${list(tests.directories)}` : "none",
      ],
      ["CI", list(t.ci)],
      ["Dockerfiles", list(containers.dockerfiles)],
      ["Compose files", list(containers.compose)],
      ["Linters", list(t.linters)],
      ["Formatters", list(t.formatters)],
      ["License", license],
      ["Docs", present.length > 0 ? present.join(", ") : "none"],
    ]),
  );
}

function gitFacts(g) {
  const hist = isObj(g) && isObj(g.history) ? g.history : null;
  if (!hist) return null;
  if (hist.available !== true)
    return block(
      "Git history",
      h("p", {}, `Not available: ${str(hist.reason) ?? "no reason given"}.`),
    );
  return block(
    "Git history",
    facts([
      [
        "Commits",
        `${int(hist.commits)}${hist.complete === false ? ` (the last ${int(hist.window)} read)` : ""}`,
      ],
      ["Contributors", int(hist.contributors)],
      ["Commits in the last 90 days", int(hist.commitsLast90Days)],
      ["First commit", date(hist.firstCommitAt)],
      ["Last commit", date(hist.lastCommitAt)],
    ]),
    commitChart(arr(hist.commitsPerMonth)),
  );
}

/** Commits per month as small bars, oldest on the left; null when the report has no series. */
function commitChart(series) {
  const months = series.filter((m) => isObj(m) && str(m.month) && num(m.commits) !== null);
  if (months.length === 0) return null;
  const most = Math.max(1, ...months.map((m) => m.commits));
  // A year's slots at least, the newest month on the right: a young project's bars stay slim.
  const slots = Math.max(months.length, 12);
  const width = 100 / slots;
  const bars = months.map((m, i) => {
    const height = (m.commits / most) * 40;
    const x = (slots - months.length + i) * width + width * 0.1;
    return h(
      "rect",
      { x, y: 40 - height, width: width * 0.8, height, fill: "#2da44e" },
      h("title", {}, `${m.month}: ${m.commits} commits`),
    );
  });
  const first = months[0].month;
  const last = months[months.length - 1].month;
  const label = `Commits per month from ${first} to ${last}: ${months.map((m) => `${m.month} ${m.commits}`).join(", ")}`;
  return h(
    "figure",
    { class: "commits" },
    h(
      "svg",
      {
        class: "commits-chart",
        viewBox: "0 0 100 40",
        preserveAspectRatio: "none",
        role: "img",
        "aria-label": label,
      },
      bars,
    ),
    h(
      "figcaption",
      {},
      `Commits per month, ${first === last ? first : `${first} to ${last}`} (most in a month: ${most})`,
    ),
  );
}

// ---- hotspots, ownership, complexity (report v3) ---------------------------------------

const PALETTE = ["#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#1b7c83"];

/** One horizontal bar, `fraction` of the width (0..1), drawn with attributes only (CSP). */
function bar(fraction, fill) {
  const width = Math.max(0, Math.min(1, fraction)) * 100;
  return h(
    "svg",
    { class: "bar", viewBox: "0 0 100 10", preserveAspectRatio: "none", "aria-hidden": "true" },
    h("rect", { width: 100, height: 10, fill: "#d0d7de" }),
    h("rect", { width, height: 10, fill }),
  );
}

/** The report's newer sections; absent from reports stored before version 3. */
function insights(result) {
  return [
    hotspotsBlock(result.hotspots, result.git),
    ownershipBlock(result.ownership),
    complexityBlock(result),
  ];
}

function owners(list) {
  return arr(list)
    .filter((o) => isObj(o) && str(o.name))
    .map((o) => `${o.name} (${int(o.commits)})`)
    .join(", ");
}

function hotspotsBlock(spots, git) {
  if (spots === undefined) return null;
  if (!Array.isArray(spots)) {
    const churn = isObj(git) && isObj(git.churn) ? git.churn : {};
    return block("Hotspots", h("p", {}, `Not available: ${str(churn.reason) ?? "no history"}.`));
  }
  const rows = spots.filter((s) => isObj(s) && str(s.path));
  if (rows.length === 0)
    return block("Hotspots", h("p", {}, "No file both changed in the history read and branches."));
  const top = Math.max(...rows.map((s) => num(s.score) ?? 0), 1);
  return block(
    "Hotspots",
    h(
      "p",
      { class: "hint" },
      "Files that change most and branch most: commits in the history read × complexity.",
    ),
    h(
      "ol",
      { class: "bars", "aria-label": "Hotspots by commits × complexity" },
      rows.map((s) =>
        h(
          "li",
          {},
          h("span", { class: "bar-label" }, s.path),
          bar((num(s.score) ?? 0) / top, PALETTE[0]),
          h(
            "span",
            { class: "bar-value" },
            `${int(s.commits)} commits × ${int(s.complexity)} = ${int(s.score)}`,
          ),
        ),
      ),
    ),
    table(
      "Hotspots",
      ["File", "Commits", "Complexity", "Bus factor", "Top authors"],
      rows.map((s) => [
        s.path,
        int(s.commits),
        int(s.complexity),
        int(s.busFactor),
        owners(s.owners),
      ]),
    ),
  );
}

function ownershipBlock(o) {
  if (!isObj(o)) return null;
  const list = arr(o.owners).filter((x) => isObj(x) && str(x.name));
  const total = num(o.commits) ?? 0;
  const listed = list.reduce((sum, x) => sum + (num(x.commits) ?? 0), 0);
  const rest = Math.max(0, total - listed);
  const parts = [
    ...list.map((x, i) => ({
      name: x.name,
      commits: num(x.commits) ?? 0,
      fill: PALETTE[i % PALETTE.length],
    })),
    ...(rest > 0 ? [{ name: "others", commits: rest, fill: NEUTRAL }] : []),
  ];
  let x = 0;
  const label = `Commits by author: ${parts.map((p) => `${p.name} ${int(p.commits)}`).join(", ")}`;
  const chart = h(
    "svg",
    {
      class: "stack",
      viewBox: "0 0 100 10",
      preserveAspectRatio: "none",
      role: "img",
      "aria-label": label,
    },
    parts.map((p) => {
      const w = total > 0 ? (p.commits * 100) / total : 0;
      const rect = h(
        "rect",
        { x, y: 0, width: w, height: 10, fill: p.fill },
        h("title", {}, `${p.name} ${int(p.commits)}`),
      );
      x += w;
      return rect;
    }),
  );
  const swatch = (fill) =>
    h(
      "svg",
      { class: "swatch", viewBox: "0 0 10 10", "aria-hidden": "true" },
      h("rect", { width: 10, height: 10, fill }),
    );
  return block(
    "Ownership",
    h(
      "p",
      { class: "hint" },
      "Bus factor: the fewest authors who together made half of the commits read.",
    ),
    facts([
      ["Bus factor", int(o.busFactor)],
      ["Contributors", int(o.contributors)],
      ["Commits read", int(total)],
    ]),
    chart,
    table(
      "Commits by author",
      ["Author", "Commits", "Share"],
      parts.map((p) => [
        h("span", {}, swatch(p.fill), ` ${p.name}`),
        int(p.commits),
        total > 0 ? `${((p.commits * 100) / total).toFixed(1)}%` : "–",
      ]),
    ),
  );
}

function complexityBlock(result) {
  const langs = arr(result.languages).filter((l) => isObj(l) && num(l.complexity) !== null);
  const files = arr(isObj(result.complexity) ? result.complexity.files : null).filter(
    (f) => isObj(f) && str(f.path),
  );
  if (langs.length === 0 && files.length === 0) return null;
  const top = Math.max(...files.map((f) => num(f.complexity) ?? 0), 1);
  return block(
    "Complexity",
    h(
      "p",
      { class: "hint" },
      "Branch points (if, for, &&, case…) counted in code as scc does: a token count, not a parse.",
    ),
    langs.length > 0 &&
      table(
        "Complexity by language",
        ["Language", "Complexity", "Per 100 lines of code"],
        langs.map((l) => [
          l.name,
          int(l.complexity),
          num(l.code) ? ((l.complexity * 100) / l.code).toFixed(1) : "–",
        ]),
      ),
    files.length > 0 &&
      h(
        "ol",
        { class: "bars", "aria-label": "Complexity of the largest files" },
        files.map((f) =>
          h(
            "li",
            {},
            h("span", { class: "bar-label" }, f.path),
            bar((num(f.complexity) ?? 0) / top, PALETTE[4]),
            h("span", { class: "bar-value" }, `${int(f.complexity)} in ${int(f.code)} lines`),
          ),
        ),
      ),
  );
}

function summary(s) {
  if (!isObj(s)) return null;
  if (s.status !== "completed")
    return block("Summary", h("p", {}, `No summary: ${str(s.reason) ?? "not produced"}.`));
  const items = (title, v) =>
    arr(v).length > 0 && [
      h("h4", {}, title),
      h(
        "ul",
        {},
        arr(v).map((x) => h("li", {}, String(x))),
      ),
    ];
  return block(
    "Summary",
    str(s.model) && h("p", { class: "hint" }, `Written by ${s.model}; it may be wrong.`),
    str(s.purpose) && [h("h4", {}, "Purpose"), h("p", {}, s.purpose)],
    str(s.architecture) && [h("h4", {}, "Architecture"), h("p", {}, s.architecture)],
    items("Tech stack", s.techStack),
    items("Strengths", s.strengths),
    items("Risks", s.risks),
    items("Suggestions", s.suggestions),
  );
}

function warnings(list) {
  const items = list.filter((w) => typeof w === "string");
  if (items.length === 0) return null;
  return block(
    "Warnings",
    h(
      "ul",
      { class: "warnings" },
      items.map((w) => h("li", {}, w)),
    ),
  );
}

// ---- history ----------------------------------------------------------------------------

let historyToken = 0;

/** Loads the first page (replacing the list), or the page after `cursor` (appending). */
async function loadHistory(cursor) {
  const token = ++historyToken;
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (cursor) query.set("cursor", cursor);
  try {
    const page = await api(`/api/analyses?${query}`);
    if (token !== historyToken) return;
    show(els.historyError, "");
    const items = arr(page?.items).filter((i) => isObj(i) && str(i.id));
    const rows = items.map((i) =>
      h(
        "li",
        {},
        h(
          "a",
          { href: `?id=${encodeURIComponent(i.id)}` },
          `${str(i.repoUrl) ?? i.id}${str(i.ref) ? ` @ ${i.ref}` : ""}`,
        ),
        " ",
        h("span", { class: "status", "data-status": str(i.status) ?? "" }, str(i.status) ?? "?"),
        " ",
        h("time", { datetime: str(i.createdAt) ?? "" }, date(i.createdAt)),
      ),
    );
    if (cursor) els.history.append(...rows);
    else els.history.replaceChildren(...rows);
    if (!cursor && rows.length === 0) els.history.append(h("li", {}, "Nothing analysed yet."));
    els.more.hidden = !str(page?.nextCursor);
    els.more.dataset.cursor = str(page?.nextCursor) ?? "";
  } catch (error) {
    if (token === historyToken) show(els.historyError, `History unavailable: ${error.message}`);
  }
}

els.more.addEventListener("click", () => loadHistory(els.more.dataset.cursor));

els.history.addEventListener("click", (event) => {
  const link = event.target.closest("a");
  if (
    !link ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  event.preventDefault();
  const id = new URL(link.href).searchParams.get("id");
  if (id) open(id, { push: true, focus: true });
});

// ---- start ------------------------------------------------------------------------------

function route() {
  const id = new URLSearchParams(location.search).get("id");
  if (id) open(id);
  else {
    stopFollowing();
    els.section.hidden = true;
    document.title = "RepoLens";
  }
}

window.addEventListener("popstate", route);
route();
loadHistory();
