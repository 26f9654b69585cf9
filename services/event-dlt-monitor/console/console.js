// The observation console: polls GET /api/console/state once a second and draws five views from
// it (pipeline, groups, rebalance timeline, dead letters, schemas). Plain script, no framework, no
// external resource. Any part of the state may be null when the monitor could not read it: every
// view says so instead of breaking. Errors go to the status line at the bottom, never to alerts.
'use strict';

const POLL_MS = 1000;
const STATE_TIMEOUT_MS = 5000;
// A replay waits for Kafka's acknowledgement, up to 30 s on the server.
const ACTION_TIMEOUT_MS = 40000;
// Rates are counter deltas over the samples of the last few seconds rather than of one poll: one
// interval alone jumps with every batch boundary, which is unreadable on a projector.
const RATE_WINDOW_MS = 3000;
const TIMELINE_MS = 5 * 60 * 1000;
const MAX_DRIFTS = 20;
const LABELLED_EVENTS_PER_LANE = 12;
const LAG_WARN = 100;
const LAG_BAD = 10000;
// End-to-end (HTTP accepted → stored) of a group: its live instances' last batches, when one
// finished this recently; otherwise the group is idle rather than as late as its last batch.
const E2E_FRESH_MS = 5000;
const E2E_WARN_MS = 1000;
const E2E_BAD_MS = 10000;
const ADMIN_KEY_STORAGE = 'tracker.console.adminKey';
const VIEWS = ['pipeline', 'groups', 'rebalances', 'dead-letters', 'schemas'];

// ---------------------------------------------------------------- small helpers

const $ = (id) => document.getElementById(id);

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => (
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function isNum(value) { return typeof value === 'number' && Number.isFinite(value); }

function fmtInt(value) { return isNum(value) ? Math.round(value).toLocaleString('en-US') : '–'; }

// Rates: one decimal while small, so 0.5 ev/s does not read as 0 or 1.
function fmtRate(value) {
  if (!isNum(value)) return '–';
  return value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

function fmtTime(ms) {
  if (!isNum(ms)) return '–';
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function fmtIso(text) {
  const ms = Date.parse(text ?? '');
  if (!isNum(ms)) return text ? esc(text) : '–';
  return `${new Date(ms).toLocaleDateString('en-CA')} ${fmtTime(ms)}`;
}

// For lists: today's times without the date, older ones with month and day.
function fmtShort(text) {
  const ms = Date.parse(text ?? '');
  if (!isNum(ms)) return '–';
  const sameDay = new Date(ms).toDateString() === new Date().toDateString();
  return sameDay ? fmtTime(ms) : `${new Date(ms).toLocaleDateString('en-CA').slice(5)} ${fmtTime(ms).slice(0, 5)}`;
}

function fmtAge(seconds) {
  if (!isNum(seconds)) return '–';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

// Member ids are long UUID-like strings; their tail is enough to tell two apart.
function shortId(id) { return id ? `…${String(id).slice(-6)}` : '–'; }

function unknown(text) { return `<span class="unknown">${esc(text)}</span>`; }

// Sums the known values; null when none is known (so "unknown" never reads as 0).
function sumKnown(values) {
  const known = values.filter(isNum);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

// ---------------------------------------------------------------- status line

const problems = new Map(); // source -> message, from this page's own fetches
let lastState = null;
let lastOkAt = null; // browser time of the last successful poll
let lastPollMs = null;

function setProblem(source, message) { problems.set(source, message); renderStatusLine(); }
function clearProblem(source) { if (problems.delete(source)) renderStatusLine(); }

function renderStatusLine() {
  const parts = [];
  if (lastState) parts.push(`state at ${esc(fmtTime(Date.parse(lastState.at)))}`);
  if (isNum(lastPollMs)) parts.push(`answered in ${lastPollMs} ms`);
  if (lastOkAt && Date.now() - lastOkAt > 3 * POLL_MS) {
    parts.push(`<span class="stale">STALE: no answer for ${Math.round((Date.now() - lastOkAt) / 1000)} s</span>`);
  }
  const errors = [...problems.entries()].map(([source, message]) => `${source}: ${message}`);
  if (Array.isArray(lastState?.errors)) errors.push(...lastState.errors.map(String));
  if (errors.length) parts.push(`<span class="err">${esc(errors.join(' · '))}</span>`);
  else parts.push('no errors');
  const line = $('status-line');
  line.innerHTML = parts.join(' · ');
  line.title = errors.join('\n');
}

// ---------------------------------------------------------------- fetching

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// fetch with a deadline; answers the parsed JSON or throws an ApiError with the server's
// {"error":{"code","message"}} when there is one.
async function fetchJson(url, options = {}, timeoutMs = STATE_TIMEOUT_MS) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(url, { ...options, signal: abort.signal, cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, error.name === 'AbortError' ? `no answer within ${timeoutMs / 1000} s` : 'unreachable');
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (ignored) { body = null; }
  if (!response.ok) {
    const error = body?.error;
    const detail = error ? `${error.code}: ${error.message}` : text.slice(0, 120);
    throw new ApiError(response.status, `HTTP ${response.status} ${detail}`);
  }
  if (body === null) throw new ApiError(response.status, 'answer is not JSON');
  return body;
}

function readAdminKey() {
  try { return sessionStorage.getItem(ADMIN_KEY_STORAGE); } catch (ignored) { return null; }
}

function writeAdminKey(key) {
  try {
    if (key) sessionStorage.setItem(ADMIN_KEY_STORAGE, key);
    else sessionStorage.removeItem(ADMIN_KEY_STORAGE);
  } catch (ignored) { /* storage disabled: the key lives for this request only */ }
}

// POSTs JSON; on 401 (no key) or 403 (a wrong key) asks for the admin key once more and retries.
async function postWithAdminKey(url, body) {
  let key = readAdminKey();
  for (let attempt = 0; attempt < 3; attempt++) {
    const headers = { 'Content-Type': 'application/json' };
    if (key) headers['X-API-Key'] = key;
    try {
      return await fetchJson(url, { method: 'POST', headers, body: JSON.stringify(body) }, ACTION_TIMEOUT_MS);
    } catch (error) {
      if (error.status !== 401 && error.status !== 403) throw error;
      const question = error.status === 401
        ? 'This action needs the admin key (X-API-Key):'
        : 'The admin key was refused (403). Admin key:';
      const entered = window.prompt(question, '');
      if (!entered || !entered.trim()) throw new ApiError(error.status, 'cancelled: no admin key given');
      key = entered.trim();
      writeAdminKey(key);
    }
  }
  throw new ApiError(403, 'the admin key was refused three times');
}

// ---------------------------------------------------------------- rates

// Per-second rate of a counter, from its samples over the last RATE_WINDOW_MS of server time.
class RateTracker {
  constructor() { this.samples = new Map(); }

  // Records `value` at `atMs` under `key` and answers the rate, or null while it is unknown.
  update(key, value, atMs) {
    if (!isNum(value) || !isNum(atMs)) { this.samples.delete(key); return null; }
    let list = this.samples.get(key) || [];
    const last = list[list.length - 1];
    // A counter that went down restarted: start over rather than show a negative rate.
    if (last && value < last.value) list = [];
    // The same "at" twice is the server's cached answer: nothing new to learn.
    if (!list.length || atMs > list[list.length - 1].atMs) list.push({ atMs, value });
    while (list.length > 2 && atMs - list[1].atMs >= RATE_WINDOW_MS) list.shift();
    this.samples.set(key, list);
    if (list.length < 2) return null;
    const first = list[0];
    const newest = list[list.length - 1];
    return ((newest.value - first.value) * 1000) / (newest.atMs - first.atMs);
  }

  // Forgets counters not seen for a minute (instances gone for good).
  prune(nowMs) {
    for (const [key, list] of this.samples) {
      if (!list.length || nowMs - list[list.length - 1].atMs > 60000) this.samples.delete(key);
    }
  }
}

const rates = new RateTracker();

// Everything the pipeline view needs that is derived across polls (rates, lag sums).
function derive(state, atMs) {
  const producer = state.producer;
  const partitions = (state.topic?.partitions ?? []).map((p) => ({
    partition: p.partition,
    hwm: p.high_watermark,
    rate: rates.update(`topic|${p.partition}`, p.high_watermark, atMs),
  }));
  const dltRates = (state.dlt_topic?.partitions ?? []).map(
    (p) => rates.update(`dlt|${p.partition}`, p.high_watermark, atMs));
  const instances = new Map();
  for (const instance of state.instances ?? []) {
    const counters = instance.status?.counters;
    const key = `instance|${instance.url}`;
    instances.set(instance.url, {
      consumed: rates.update(`${key}|consumed`, counters?.consumed, atMs),
      postgres: rates.update(`${key}|postgres`, counters?.written?.postgres, atMs),
      search: rates.update(`${key}|search`, counters?.written?.search, atMs),
    });
  }
  const groupLag = new Map();
  for (const group of state.groups ?? []) {
    const lags = (group.partitions ?? []).map((p) => p.lag);
    groupLag.set(group.group_id, { sum: sumKnown(lags), unknown: lags.filter((l) => !isNum(l)).length });
  }
  rates.prune(atMs);
  return {
    inRate: rates.update('producer|accepted', producer?.events_accepted_total, atMs),
    rejectedRate: rates.update('producer|rejected', producer?.events_rejected_total, atMs),
    partitions,
    topicRate: sumKnown(partitions.map((p) => p.rate)),
    dltRate: sumKnown(dltRates),
    dltTotal: sumKnown((state.dlt_topic?.partitions ?? []).map((p) => p.high_watermark)),
    instances,
    sinks: {
      postgres: sumKnown([...instances.values()].map((r) => r.postgres)),
      search: sumKnown([...instances.values()].map((r) => r.search)),
    },
    groupLag,
  };
}

// ---------------------------------------------------------------- memory across polls

// Rebalance events per instance (by URL), kept while they are in the window even after the
// instance stopped answering: that is when they matter most.
const lanes = new Map(); // url -> {label, alive, present, events: Map(key -> event)}
const drifts = []; // newest first
const lastOwners = new Map(); // "group|partition" -> member id (last non-null owner)
const memberLabels = new Map(); // member id -> readable name, kept after the member left

// "event-consumer@127.0.0.1:18090" -> "127.0.0.1:18090": the address is what tells instances apart.
function memberName(member) {
  const client = member.client_id || '';
  return client.includes('@') ? client.slice(client.indexOf('@') + 1) : client || member.host || '?';
}

// With the member id's tail: a restarted instance rejoins under the same name with a new id.
function memberLabel(member) { return `${memberName(member)} (${shortId(member.member_id)})`; }

function rememberRebalances(state, atMs) {
  for (const lane of lanes.values()) lane.present = false;
  for (const instance of state.instances ?? []) {
    const lane = lanes.get(instance.url) || { events: new Map() };
    // A lane keeps the name it had while answering: that is the name people saw.
    lane.label = instance.status?.instance || lane.label || instance.url;
    lane.alive = instance.alive;
    lane.present = true;
    for (const event of instance.status?.rebalances ?? []) {
      const key = `${event.time_ms}|${event.kind}|${(event.partitions ?? []).join(',')}`;
      lane.events.set(key, { ...event, key, lane: lane.label });
    }
    lanes.set(instance.url, lane);
  }
  // Forget what fell out of the window; a lane without events whose instance is gone, too.
  for (const [url, lane] of lanes) {
    for (const [key, event] of lane.events) if (event.time_ms < atMs - TIMELINE_MS) lane.events.delete(key);
    if (!lane.present && lane.events.size === 0) lanes.delete(url);
  }
}

// A partition whose owner differs from its last known owner has drifted. Unowned moments (a
// rebalance in progress) are not drifts by themselves: the next owner is compared with the last.
function rememberDrifts(state, atMs) {
  for (const group of state.groups ?? []) {
    for (const member of group.members ?? []) memberLabels.set(member.member_id, memberLabel(member));
    for (const p of group.partitions ?? []) {
      if (!p.owner) continue;
      const key = `${group.group_id}|${p.partition}`;
      const before = lastOwners.get(key);
      lastOwners.set(key, p.owner);
      if (!before || before === p.owner) continue;
      drifts.unshift({
        atMs, group: group.group_id, partition: p.partition,
        from: memberLabels.get(before) || shortId(before), to: memberLabels.get(p.owner) || shortId(p.owner),
      });
    }
  }
  drifts.length = Math.min(drifts.length, MAX_DRIFTS);
  if (memberLabels.size > 500) memberLabels.clear(); // restarts only; rebuilt at the next poll
}

// ---------------------------------------------------------------- view: pipeline

function stageCard(title, body, down) {
  return `<div class="stage${down ? ' down' : ''}"><h3>${esc(title)}</h3>${body}</div>`;
}

function arrow(rate) { return `<div class="arrow${isNum(rate) && rate > 0 ? ' moving' : ''}"></div>`; }

function bigRate(rate, unit) { return `<div class="big">${fmtRate(rate)}<span class="unit"> ${esc(unit)}</span></div>`; }

function producerStage(state, d) {
  const p = state.producer;
  if (!p) return stageCard('HTTP accepted', unknown('producer not configured or not read'), true);
  const body = `${bigRate(d.inRate, 'events/s')}
    <dl class="kv">
      <dt>accepted</dt><dd>${fmtInt(p.events_accepted_total)}</dd>
      <dt>rejected</dt><dd>${fmtInt(p.events_rejected_total)} (${fmtRate(d.rejectedRate)}/s)</dd>
    </dl>
    <div class="muted">${esc(p.url)}</div>
    ${p.up ? '' : `<div class="bad">not answering: ${esc(p.error ?? 'unknown')}</div>`}`;
  return stageCard('HTTP accepted · event-producer', body, !p.up);
}

function topicStage(state, d) {
  const topic = state.topic;
  if (!topic || !d.partitions.length) return stageCard('Kafka', unknown('topic not read'), true);
  const maxRate = Math.max(1, ...d.partitions.map((p) => (isNum(p.rate) ? p.rate : 0)));
  const rows = d.partitions.map((p) => `
    <div class="partition-row">
      <span>p${esc(p.partition)}</span>
      <div class="bar-track"><div class="bar" style="width:${isNum(p.rate) ? (100 * p.rate) / maxRate : 0}%"></div></div>
      <span class="num">${fmtRate(p.rate)}/s</span>
      <span class="partition-hwm">high-water mark ${isNum(p.hwm) ? fmtInt(p.hwm) : 'unknown'}</span>
    </div>`).join('');
  return stageCard(`Kafka · ${topic.name}`, `${bigRate(d.topicRate, 'records/s')}${rows}`, false);
}

// The largest end_to_end.last_batch_max_ms of the group's answering instances whose last batch
// finished within E2E_FRESH_MS of the state's own time (the server's clock, as the instances');
// null when none did (idle).
function groupEndToEnd(state, groupId) {
  const now = Date.parse(state.at) || Date.now();
  const latest = (state.instances ?? [])
    .filter((i) => i.group === groupId && i.alive)
    .map((i) => i.status?.end_to_end)
    .filter((e) => isNum(e?.last_batch_max_ms) && isNum(e?.last_batch_at_ms) && now - e.last_batch_at_ms <= E2E_FRESH_MS)
    .map((e) => e.last_batch_max_ms);
  return latest.length ? Math.max(...latest) : null;
}

function endToEndLine(ms) {
  const value = !isNum(ms) ? '<span class="unknown">idle</span>'
    : `<strong class="${ms >= E2E_BAD_MS ? 'bad' : ms >= E2E_WARN_MS ? 'warn' : 'ok'}">${fmtInt(ms)}</strong><span class="unit"> ms</span>`;
  return `<div class="e2e" title="HTTP accepted → stored: the slowest record of the last batch, over the group's instances (idle: no batch in ${E2E_FRESH_MS / 1000} s)">
    <span class="muted">end-to-end</span><span class="num">${value}</span></div>`;
}

function groupsStage(state, d) {
  const groups = state.groups ?? [];
  if (!groups.length) return stageCard('Consumer groups', unknown('no group reads the topic (or groups not read)'), true);
  const instancesByMember = new Map((state.instances ?? []).map((i) => [i.member_id, i]));
  const cards = groups.map((group) => {
    const lag = d.groupLag.get(group.group_id);
    const lines = (group.members ?? []).map((member) => {
      const instance = instancesByMember.get(member.member_id);
      const dead = instance && !instance.alive;
      const rate = instance ? d.instances.get(instance.url)?.consumed : null;
      const what = !instance ? 'no status address' : dead ? 'not answering' : `${fmtRate(rate)}/s`;
      return `<div class="instance-line${dead ? ' dead' : ''}"><span title="${esc(member.member_id)}">${esc(memberName(member))}</span><span class="num">${what}</span></div>`;
    }).join('');
    const lagClass = !isNum(lag?.sum) ? 'unknown' : lag.sum >= LAG_BAD ? 'bad' : lag.sum >= LAG_WARN ? 'warn' : 'ok';
    return `<div class="card">
      <strong>${esc(group.group_id)}</strong> <span class="muted">${esc(group.protocol)} · ${esc(group.state)}</span>
      <div class="big ${lagClass}">${fmtInt(lag?.sum)}<span class="unit"> lag${lag?.unknown ? ` (+${lag.unknown} unknown)` : ''}</span></div>
      ${endToEndLine(groupEndToEnd(state, group.group_id))}
      ${lines || unknown('no members')}</div>`;
  }).join('');
  const consumed = sumKnown([...d.instances.values()].map((r) => r.consumed));
  return stageCard('Consumer groups', `${bigRate(consumed, 'consumed/s')}${cards}`, false);
}

// A sink is down when any instance says so (its sinks_down), with that instance's reason.
function sinkDown(state, sink) {
  for (const instance of state.instances ?? []) {
    const down = instance.status?.sinks_down?.[sink];
    if (down) return down.error || 'down';
  }
  return null;
}

function sinksStage(state, d) {
  const summary = state.dead_letters;
  const sinkCard = (name, sink, unit) => {
    const down = sinkDown(state, sink);
    return `<div class="card"><strong>${esc(name)}</strong>${bigRate(d.sinks[sink], unit)}
      ${down ? `<div class="bad">down: ${esc(down)}</div>` : ''}</div>`;
  };
  const dlt = `<div class="card"><strong>Dead letters · ${esc(state.dlt_topic?.name ?? 'DLT')}</strong>
    ${bigRate(d.dltRate, 'records/s')}
    <dl class="kv">
      <dt>in the DLT</dt><dd>${fmtInt(d.dltTotal)}</dd>
      <dt>unresolved</dt><dd>${summary ? fmtInt(summary.unresolved) : unknown('unknown')}</dd>
      <dt>oldest unresolved</dt><dd>${summary ? fmtAge(summary.oldest_unresolved_age_seconds) : '–'}</dd>
      <dt>stored / min (5 min)</dt><dd>${summary?.rates ? fmtRate(summary.rates.stored_per_minute) : '–'}</dd>
    </dl></div>`;
  return stageCard('Sinks (all instances)',
    sinkCard('PostgreSQL', 'postgres', 'rows/s') + sinkCard('OpenSearch index', 'search', 'docs/s') + dlt, false);
}

function renderPipeline(state, d) {
  const consumed = sumKnown([...d.instances.values()].map((r) => r.consumed));
  const written = sumKnown([d.sinks.postgres, d.sinks.search, d.dltRate]);
  $('pipeline').innerHTML = producerStage(state, d) + arrow(d.inRate) + topicStage(state, d) +
    arrow(consumed) + groupsStage(state, d) + arrow(written) + sinksStage(state, d);
}

// ---------------------------------------------------------------- view: groups

function partitionCount(state, group) {
  const numbers = [(state.topic?.partitions?.length ?? 0) - 1];
  for (const p of group.partitions ?? []) numbers.push(p.partition);
  for (const m of group.members ?? []) numbers.push(...(m.partitions ?? []));
  return Math.max(...numbers.filter(isNum)) + 1;
}

function lagClass(lag) {
  if (!isNum(lag)) return '';
  return lag >= LAG_BAD ? ' behind' : lag >= LAG_WARN ? ' lagging' : '';
}

function memberRow(member, instance, count, lagOf) {
  const dead = instance && !instance.alive;
  const paused = new Set((instance?.status?.assigned_partitions ?? []).filter((p) => p.paused).map((p) => p.partition));
  const owned = new Set(member.partitions ?? []);
  const down = Object.keys(instance?.status?.sinks_down ?? {});
  let note = '';
  if (!instance) note = `<div class="member-id">no status address in its client.id</div>`;
  else if (dead) note = `<div class="dead-note">not answering — still in the group until its session expires${instance.error ? ` (${esc(instance.error)})` : ''}</div>`;
  else if (down.length) note = `<div class="bad">sink down: ${esc(down.join(', '))}</div>`;
  let cells = '';
  for (let p = 0; p < count; p++) {
    if (!owned.has(p)) { cells += '<td class="cell"></td>'; continue; }
    const lag = lagOf.get(p);
    const pausedClass = paused.has(p) ? ' paused' : '';
    cells += `<td class="cell owned${lagClass(lag)}${pausedClass}" title="partition ${p}, lag ${isNum(lag) ? lag : 'unknown'}${paused.has(p) ? ', paused' : ''}">
      ${isNum(lag) ? fmtInt(lag) : '?'}${paused.has(p) ? '<span class="paused-tag">PAUSED</span>' : ''}</td>`;
  }
  return `<tr class="${dead ? 'dead' : ''}"><th class="member">
    <div class="member-name">${esc(memberLabel(member))}</div>
    <div class="member-id">${esc(member.member_id)}</div>${note}</th>${cells}</tr>`;
}

function renderGroup(state, group) {
  const count = partitionCount(state, group);
  const lagOf = new Map((group.partitions ?? []).map((p) => [p.partition, p.lag]));
  const ownerOf = new Map((group.partitions ?? []).map((p) => [p.partition, p.owner]));
  const instancesByMember = new Map((state.instances ?? []).map((i) => [i.member_id, i]));
  const head = Array.from({ length: count }, (_, p) => `<th class="num">p${p}</th>`).join('');
  const rows = (group.members ?? []).map((m) => memberRow(m, instancesByMember.get(m.member_id), count, lagOf)).join('');
  // The bottom row shows every partition's committed lag, owned or not: an unowned partition
  // with lag is exactly what a stuck rebalance looks like.
  let lagRow = '';
  for (let p = 0; p < count; p++) {
    const lag = lagOf.get(p);
    const unowned = !ownerOf.get(p);
    lagRow += `<td class="cell${unowned ? ' unowned' : ''}">${isNum(lag) ? fmtInt(lag) : '–'}${unowned ? '<span class="paused-tag">NO OWNER</span>' : ''}</td>`;
  }
  const total = sumKnown([...lagOf.values()]);
  const errors = (group.errors ?? []).length ? `<div class="bad">${esc(group.errors.join('; '))}</div>` : '';
  return `<div class="group">
    <div class="group-head"><span class="name">${esc(group.group_id)}</span>
      <span class="pill">${esc(group.protocol ?? '?')}</span><span class="pill">${esc(group.state ?? '?')}</span>
      <span>assignor <strong>${esc(group.assignor || '–')}</strong></span>
      <span>${(group.members ?? []).length} members</span><span>total lag <strong>${fmtInt(total)}</strong></span></div>
    ${errors}
    <table class="grid"><thead><tr><th class="member">member \\ partition</th>${head}</tr></thead>
      <tbody>${rows || `<tr><th class="member">${unknown('no members')}</th><td colspan="${count}"></td></tr>`}
      <tr><th class="member">committed lag</th>${lagRow}</tr></tbody></table></div>`;
}

function renderGroups(state) {
  const groups = state.groups ?? [];
  $('groups').innerHTML = groups.length
    ? groups.map((g) => renderGroup(state, g)).join('')
    : `<p>${unknown('No consumer group reads the topic, or the groups could not be read (see the status line).')}</p>`;
}

// ---------------------------------------------------------------- view: rebalance timeline

let hoveredMark = null; // key of the mark under the pointer; survives the redraw every second

function describeEvent(event) {
  const parts = (event.partitions ?? []).join(', ') || 'none';
  const after = Array.isArray(event.assignment) ? ` → owns [${event.assignment.join(', ')}]` : '';
  const how = event.incremental === false ? ' (eager: everything revoked)' : '';
  return `${fmtTime(event.time_ms)} · ${event.lane} · ${event.kind} [${parts}]${after}${how}`;
}

function renderTimeline(state, atMs) {
  const start = atMs - TIMELINE_MS;
  const left = (ms) => `${Math.max(0, Math.min(100, ((ms - start) * 100) / TIMELINE_MS))}%`;
  let latest = null;
  const html = [...lanes.values()].map((lane) => {
    const marks = [...lane.events.values()].map((event) => {
      if (!latest || event.time_ms > latest.time_ms) latest = event;
      // Gains on the upper half of the lane, losses on the lower: a cooperative rebalance's
      // revoke and assign happen within milliseconds and would otherwise hide each other.
      const top = event.kind === 'assigned' ? 'top:0;height:50%' : 'top:50%;height:50%';
      const kind = ['assigned', 'revoked', 'lost'].includes(event.kind) ? event.kind : 'error';
      // The partitions beside the mark, readable without hovering — unless the lane is so busy
      // (a rebalance storm) that the labels would only overlap.
      const sign = event.kind === 'assigned' ? '+' : '−';
      const label = lane.events.size <= LABELLED_EVENTS_PER_LANE
        ? `<span class="mark-label">${sign}${esc((event.partitions ?? []).join(','))}</span>` : '';
      return `<div class="mark ${kind}${event.key === hoveredMark ? ' hover' : ''}" data-key="${esc(event.key)}"
        style="left:${left(event.time_ms)};${top}" title="${esc(describeEvent(event))}">${label}</div>`;
    }).join('');
    const suffix = lane.alive === false ? ' (not answering)' : lane.present ? '' : ' (left)';
    return `<div class="lane${lane.alive === false || !lane.present ? ' dead' : ''}">
      <span class="lane-label">${esc(lane.label + suffix)}</span><div class="lane-track">${marks}</div></div>`;
  }).join('');
  let ticks = '';
  for (let t = Math.ceil(start / 30000) * 30000; t <= atMs; t += 30000) {
    // A label centred on the very edge would be cut in half.
    const at = (t - start) / TIMELINE_MS;
    if (at > 0.03 && at < 0.97) ticks += `<span class="tick" style="left:${left(t)}">${fmtTime(t)}</span>`;
  }
  $('timeline').innerHTML = (html || `<div class="lane"><span class="lane-label">${esc('no instance answered yet')}</span></div>`) +
    `<div class="axis">${ticks}</div>`;
  $('timeline-window').textContent = `last ${TIMELINE_MS / 60000} min · up: gained · down: taken away`;
  const hovered = hoveredMark && [...lanes.values()].map((l) => l.events.get(hoveredMark)).find(Boolean);
  // Nobody hovers on a projector: show the latest event by default.
  $('timeline-detail').textContent = hovered ? describeEvent(hovered)
    : latest ? `latest: ${describeEvent(latest)}` : 'No rebalance in the window.';
}

function renderDrifts() {
  $('drifts').innerHTML = drifts.length
    ? drifts.map((d) => `<li>partition drift: <strong>p${esc(d.partition)}</strong> moved from ${esc(d.from)} to ${esc(d.to)} at ${fmtTime(d.atMs)} <span class="muted">(${esc(d.group)})</span></li>`).join('')
    : `<li class="muted">No owner change seen since this page opened.</li>`;
}

// ---------------------------------------------------------------- view: schemas

function renderSchemas(state) {
  const schemas = state.schemas;
  if (!Array.isArray(schemas)) {
    $('schemas').innerHTML = `<tr><td colspan="4">${unknown('The registry did not answer (see the status line).')}</td></tr>`;
    return;
  }
  $('schemas').innerHTML = schemas.length ? schemas.map((s) => {
    const versions = Array.isArray(s.versions) ? s.versions : null;
    return `<tr><td>${esc(s.subject)}</td>
      <td>${versions ? esc(versions.join(', ')) : unknown('not read')}</td>
      <td class="num">${versions && versions.length ? esc(Math.max(...versions)) : '–'}</td>
      <td>${s.compatibility ? esc(s.compatibility) : unknown('not read')}</td></tr>`;
  }).join('') : `<tr><td colspan="4">${unknown('No subject registered.')}</td></tr>`;
}

// ---------------------------------------------------------------- view: dead letters

const dl = {
  filters: {}, items: [], nextCursor: null, selectedId: null, detail: null,
  loadedTotal: null, loaded: false, busy: false, result: null,
};

function renderDeadLetterSummary(state) {
  const s = state.dead_letters;
  if (!s) {
    $('dl-summary').innerHTML = unknown('Summary not available (PostgreSQL?)');
    return;
  }
  const byStage = Object.entries(s.by_stage_status ?? {}).map(([stage, statuses]) =>
    `<span><strong>${esc(stage)}</strong> ${Object.entries(statuses).map(([st, n]) => `<span class="status-${esc(st)}">${esc(st)}</span> ${fmtInt(n)}`).join(' · ')}</span>`).join('');
  $('dl-summary').innerHTML = `<span>total <strong>${fmtInt(s.total)}</strong></span>
    <span>unresolved <strong class="${s.unresolved > 0 ? 'bad' : 'ok'}">${fmtInt(s.unresolved)}</strong></span>
    <span>oldest unresolved <strong>${fmtAge(s.oldest_unresolved_age_seconds)}</strong></span>${byStage}`;
  // Do not reload under the reader's eyes: say that there is more and let them click.
  if (dl.loaded && !isNum(dl.loadedTotal)) dl.loadedTotal = s.total; // loaded before the first poll
  const hint = $('dl-new-hint');
  const fresh = isNum(s.total) && isNum(dl.loadedTotal) ? s.total - dl.loadedTotal : 0;
  hint.hidden = !(dl.loaded && fresh > 0);
  hint.textContent = `${fresh} new dead letter${fresh === 1 ? '' : 's'} since this list was loaded — click to reload`;
}

function listUrl(cursor) {
  const query = new URLSearchParams({ limit: '50' });
  for (const [name, value] of Object.entries(dl.filters)) if (value) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  return `/api/dead-letters?${query}`;
}

async function loadDeadLetters(more) {
  try {
    const page = await fetchJson(listUrl(more ? dl.nextCursor : null));
    if (!more) dl.loadedTotal = lastState?.dead_letters?.total ?? null;
    dl.items = more ? dl.items.concat(page.items ?? []) : (page.items ?? []);
    dl.nextCursor = page.next_cursor ?? null;
    dl.loaded = true;
    clearProblem('dead letters');
  } catch (error) {
    setProblem('dead letters', error.message);
  }
  renderDeadLetterRows();
  if (lastState) renderDeadLetterSummary(lastState);
}

function renderDeadLetterRows() {
  $('dl-rows').innerHTML = dl.items.map((item) => `
    <tr data-id="${esc(item.id)}" class="${item.id === dl.selectedId ? 'selected' : ''}">
      <td class="num">${esc(item.id)}</td><td title="${esc(item.first_seen)}">${fmtShort(item.first_seen)}</td>
      <td class="status-${esc(item.status)}">${esc(item.status)}</td><td>${esc(item.stage)}</td>
      <td>${esc(item.error_code || '–')}</td><td>${esc(item.user_id ?? '–')}</td><td>${esc(item.event_type ?? '–')}</td>
      <td>p${esc(item.original?.partition)}@${esc(item.original?.offset)}</td><td class="num">${esc(item.replay_count)}</td></tr>`).join('')
    || `<tr><td colspan="9">${dl.loaded ? 'No dead letter matches.' : unknown('not loaded')}</td></tr>`;
  $('dl-more').hidden = !dl.nextCursor;
  $('dl-count').textContent = dl.loaded ? `${dl.items.length} shown${dl.nextCursor ? ', more on the server' : ''}` : '';
}

async function selectDeadLetter(id) {
  if (id !== dl.selectedId) dl.result = null;
  dl.selectedId = id;
  renderDeadLetterRows();
  try {
    dl.detail = await fetchJson(`/api/dead-letters/${encodeURIComponent(id)}`);
    clearProblem('dead letter');
  } catch (error) {
    dl.detail = null;
    setProblem('dead letter', `#${id}: ${error.message}`);
  }
  renderDetail();
}

function fieldRows(rows) {
  return `<table>${rows.map(([name, value]) => `<tr><th>${esc(name)}</th><td>${value}</td></tr>`).join('')}</table>`;
}

// A header's most readable form: Spring's binary numbers, then text, then the raw base64.
function headerValue(header) {
  if (isNum(header.number)) return esc(header.number);
  if (typeof header.text === 'string') return esc(header.text);
  return `<span class="muted">base64</span> ${esc(header.value)}`;
}

function renderDetail() {
  const d = dl.detail;
  if (!d) {
    $('dl-detail').innerHTML = dl.selectedId ? unknown(`Dead letter #${dl.selectedId} could not be read.`)
      : '<p class="muted">Choose a dead letter to see it in full.</p>';
    return;
  }
  const actionable = (d.status === 'new' || d.status === 'parked') && !dl.busy;
  const result = dl.result ? `<div class="result${dl.result.ok ? '' : ' failed'}">${esc(dl.result.text)}</div>` : '';
  const o = d.original ?? {};
  const fields = fieldRows([
    ['status', `<span class="status-${esc(d.status)}">${esc(d.status)}</span>`],
    ['stage · error', `${esc(d.stage)} · ${esc(d.error_code || '–')}`],
    ['message', esc(d.error_message)],
    ['attempts', esc(d.attempts)],
    ['group', esc(d.consumer_group)],
    ['original', `${esc(o.topic)} p${esc(o.partition)} @ ${esc(o.offset)} · ${fmtIso(o.timestamp)}`],
    ['in the DLT', `${esc(d.dlt?.topic)} p${esc(d.dlt?.partition)} @ ${esc(d.dlt?.offset)}`],
    ['user · type · event', `${esc(d.user_id ?? '–')} · ${esc(d.event_type ?? '–')} · ${esc(d.event_id ?? '–')}`],
    ['replay of · count', `${esc(d.replay_of ?? '–')} · ${esc(d.replay_count)}`],
    ['next automatic replay', d.next_attempt_at ? fmtIso(d.next_attempt_at) : 'never'],
    ['first seen · updated', `${fmtIso(d.first_seen)} · ${fmtIso(d.updated_at)}`],
  ]);
  const event = d.event ? `<pre>${esc(JSON.stringify(d.event, null, 2))}</pre>` : `<div class="bad">not decoded: ${esc(d.decode_error ?? 'no value')}</div>`;
  const key = d.key ? `<pre>${esc(JSON.stringify(d.key))}</pre>` : `<div class="muted">${esc(d.key_decode_error ?? 'no key')}</div>`;
  const headers = (d.headers ?? []).map((h) => `<tr><td>${esc(h.name)}</td><td>${headerValue(h)}</td></tr>`).join('');
  const audit = (d.audit ?? []).map((a) => `<tr><td>${fmtIso(a.at)}</td><td>${esc(a.action)}</td><td>${esc(a.actor)}</td>
    <td>${esc(a.reason ?? '')}</td><td>${esc(JSON.stringify(a.result ?? {}))}</td></tr>`).join('');
  const later = (d.later_failures ?? []).map((id) => `<button type="button" class="action" data-goto="${esc(id)}">#${esc(id)}</button>`).join(' ');
  $('dl-detail').innerHTML = `<h3>Dead letter #${esc(d.id)}</h3>
    <div class="buttons">
      <button type="button" class="action primary" data-act="replay" ${actionable ? '' : 'disabled'}>Replay</button>
      <button type="button" class="action danger" data-act="discard" ${actionable ? '' : 'disabled'}>Discard…</button>
      ${dl.busy ? '<span class="muted">working…</span>' : ''}</div>
    ${result}${fields}
    <h3>Event (decoded now)</h3>${event}<h3>Key</h3>${key}
    <h3>Headers</h3><table><tr><th>name</th><th>value</th></tr>${headers}</table>
    <h3>Audit</h3>${audit ? `<table><tr><th>at</th><th>action</th><th>actor</th><th>reason</th><th>result</th></tr>${audit}</table>` : '<div class="muted">nothing done yet</div>'}
    ${later ? `<h3>Later failures of this chain</h3>${later}` : ''}
    <h3>Key bytes (base64)</h3><pre>${esc(d.key_base64 ?? 'none')}</pre>
    <h3>Value bytes (base64)</h3><pre>${esc(d.value_base64 ?? 'none (tombstone)')}</pre>`;
}

function describeResult(result) {
  if (result.action === 'replay') {
    const to = result.replayed_to ?? {};
    return `#${result.id} replayed to ${to.topic} partition ${to.partition} offset ${to.offset} (replay ${result.replay_count})`;
  }
  return `#${result.id} ${result.status}${result.reason ? `: ${result.reason}` : ''}`;
}

// Replay or discard the selected dead letter, then show the result and refresh list and detail.
async function act(action) {
  const id = dl.selectedId;
  if (id == null || dl.busy) return;
  const body = {};
  if (action === 'discard') {
    const reason = window.prompt(`Why discard dead letter #${id}? (kept in the audit trail)`, '');
    if (reason === null) return;
    if (!reason.trim()) { dl.result = { ok: false, text: 'Not discarded: a reason is required.' }; renderDetail(); return; }
    body.reason = reason.trim();
  }
  dl.busy = true;
  renderDetail();
  try {
    const result = await postWithAdminKey(`/api/dead-letters/${encodeURIComponent(id)}/${action}`, body);
    dl.result = { ok: true, text: describeResult(result) };
    clearProblem(action);
  } catch (error) {
    dl.result = { ok: false, text: `${action} of #${id} failed: ${error.message}` };
    setProblem(action, `#${id}: ${error.message}`);
  }
  dl.busy = false;
  await selectDeadLetter(id);
  await loadDeadLetters(false);
}

function wireDeadLetters() {
  $('dl-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    dl.filters = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v).trim()]));
    loadDeadLetters(false);
  });
  $('dl-more').addEventListener('click', () => loadDeadLetters(true));
  $('dl-new-hint').addEventListener('click', () => loadDeadLetters(false));
  $('dl-forget-key').addEventListener('click', () => {
    writeAdminKey(null);
    setProblem('admin key', 'forgotten; the next action asks for it');
    setTimeout(() => clearProblem('admin key'), 4000);
  });
  $('dl-rows').addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row) selectDeadLetter(Number(row.dataset.id));
  });
  $('dl-detail').addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (button?.dataset.act) act(button.dataset.act);
    else if (button?.dataset.goto) selectDeadLetter(Number(button.dataset.goto));
  });
}

// ---------------------------------------------------------------- tabs

let currentView = 'pipeline';

function showView(name) {
  currentView = VIEWS.includes(name) ? name : 'pipeline';
  for (const view of VIEWS) $(`view-${view}`).classList.toggle('active', view === currentView);
  for (const button of document.querySelectorAll('nav button')) {
    button.classList.toggle('active', button.dataset.view === currentView);
  }
  if (currentView === 'dead-letters' && !dl.loaded) loadDeadLetters(false);
  renderCurrent();
}

function wireTabs() {
  $('tabs').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-view]');
    if (button) location.hash = button.dataset.view;
  });
  window.addEventListener('hashchange', () => showView(location.hash.slice(1)));
  // Keys 1-5 switch views: handy when presenting, ignored while typing in a filter.
  document.addEventListener('keydown', (event) => {
    if (event.target.closest?.('input, select, textarea') || event.ctrlKey || event.metaKey || event.altKey) return;
    const index = Number(event.key) - 1;
    if (index >= 0 && index < VIEWS.length) location.hash = VIEWS[index];
  });
  const timeline = $('timeline');
  timeline.addEventListener('mouseover', (event) => {
    const mark = event.target.closest('.mark');
    hoveredMark = mark ? mark.dataset.key : null;
    if (lastState) renderTimeline(lastState, Date.parse(lastState.at) || Date.now());
  });
  timeline.addEventListener('mouseleave', () => { hoveredMark = null; });
}

// ---------------------------------------------------------------- polling

let lastDerived = null;

// Draws only the visible view: the others are drawn when shown, from the same state.
function renderCurrent() {
  const state = lastState;
  if (!state) return;
  const atMs = Date.parse(state.at) || Date.now();
  try {
    $('clock').textContent = fmtTime(atMs);
    if (currentView === 'pipeline' && lastDerived) renderPipeline(state, lastDerived);
    if (currentView === 'groups') renderGroups(state);
    if (currentView === 'rebalances') { renderTimeline(state, atMs); renderDrifts(); }
    if (currentView === 'dead-letters') renderDeadLetterSummary(state);
    if (currentView === 'schemas') renderSchemas(state);
    clearProblem('page');
  } catch (error) {
    // A shape this page did not expect must not stop the polling.
    console.error(error);
    setProblem('page', `could not draw ${currentView}: ${error.message}`);
  }
}

function onState(state) {
  const atMs = Date.parse(state.at) || Date.now();
  // Rates, rebalances and drifts are remembered on every poll, whatever view is visible.
  lastDerived = derive(state, atMs);
  rememberRebalances(state, atMs);
  rememberDrifts(state, atMs);
  lastState = state;
  renderCurrent();
}

async function poll() {
  const started = performance.now();
  try {
    const state = await fetchJson('/api/console/state');
    lastPollMs = Math.round(performance.now() - started);
    lastOkAt = Date.now();
    clearProblem('state');
    onState(state);
  } catch (error) {
    setProblem('state', error.message);
  }
  renderStatusLine();
  // One request at a time: the next poll is scheduled once this one is done.
  setTimeout(poll, Math.max(100, POLL_MS - (performance.now() - started)));
}

wireTabs();
wireDeadLetters();
showView(location.hash.slice(1));
poll();
