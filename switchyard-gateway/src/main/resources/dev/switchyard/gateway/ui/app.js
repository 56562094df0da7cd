// Switchyard's live admin page. Every value shown comes from the admin API, fetched with the admin key kept in
// this tab's sessionStorage; server text only ever goes into the page as text nodes, never as markup.
'use strict';

const KEY_SLOT = 'switchyard.admin_key';
const POLL_MS = 5000;
const SVG = 'http://www.w3.org/2000/svg';
const $ = (selector) => document.querySelector(selector);
let timer = null;
let openTrace = null;

class SignedOut extends Error {}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** GET an admin route as JSON; null when the route does not exist (404), SignedOut on 401. */
async function api(path) {
  const response = await fetch(path, {
    headers: { 'x-api-key': sessionStorage.getItem(KEY_SLOT) || '' }, cache: 'no-store', credentials: 'omit',
  });
  if (response.status === 401) throw new SignedOut('the admin key was not accepted');
  if (response.status === 404) return null;
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message || 'HTTP ' + response.status);
  return body;
}

function number(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function ms(value) {
  return value === null || value === undefined ? '–' : number(value, value < 10 ? 1 : 0) + ' ms';
}

function fillRows(table, rows) {
  const body = $(table + ' tbody');
  body.replaceChildren(...rows);
}

function emptyRow(columns, text) {
  return el('tr', { class: 'empty' }, el('td', { colspan: columns, class: 'muted' }, text));
}

// ---- stats: KPIs and charts

function allSamples(stats) {
  return [...stats.samples, stats.current];
}

function renderStats(stats) {
  if (!stats) return;
  const samples = allSamples(stats);
  const sum = (name) => samples.reduce((total, s) => total + (s[name] || 0), 0);
  const latest = (name) => [...samples].reverse().map((s) => s[name]).find((v) => v !== null && v !== undefined);
  $('[data-kpi="requests"]').textContent = number(sum('requests'));
  $('[data-kpi="errors"]').textContent = number(sum('errors'));
  $('[data-kpi="rejected"]').textContent = number(sum('rejected'));
  $('[data-kpi="latency_p95_ms"]').textContent = ms(latest('latency_p95_ms'));
  $('[data-kpi="ttft_p95_ms"]').textContent = ms(latest('ttft_p95_ms'));
  $('[data-kpi="open_streams"]').textContent = number(stats.current.open_streams);
  chart('#chart-requests', samples, ['requests', 'errors', 'rejected']);
  chart('#chart-latency', samples, ['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms']);
  chart('#chart-ttft', samples, ['ttft_p50_ms', 'ttft_p95_ms']);
  chart('#chart-streams', samples, ['open_streams', 'in_flight_requests']);
  renderBreakers(stats.breakers || []);
  renderLedger(stats.ledger);
}

/** A line per series over the samples, in plain SVG; a missing value breaks the line. */
function chart(selector, samples, names) {
  const width = 400, height = 140, left = 36, bottom = 16;
  const max = Math.max(1, ...samples.flatMap((s) => names.map((n) => s[n] || 0)));
  const x = (i) => left + (samples.length < 2 ? 0 : (i * (width - left - 4)) / (samples.length - 1));
  const y = (v) => height - bottom - (v / max) * (height - bottom - 8);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
  root.append(svg('line', { class: 'axis', x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
  const top = svg('text', { x: 2, y: 12 });
  top.textContent = number(max, max < 10 ? 1 : 0);
  const zero = svg('text', { x: 2, y: height - bottom });
  zero.textContent = '0';
  root.append(top, zero);
  names.forEach((name, k) => {
    let d = '';
    let pen = 'M';
    samples.forEach((s, i) => {
      const v = s[name];
      if (v === null || v === undefined) { pen = 'M'; return; }
      d += `${pen}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = 'L';
    });
    if (d) root.append(svg('path', { class: `line s${k}`, d, 'data-series': name }));
  });
  const legend = el('div', { class: 'legend' }, ...names.map((n, k) => el('span', { class: `s${k}` }, n)));
  $(selector).replaceChildren(root, legend);
}

function renderBreakers(breakers) {
  fillRows('#breakers', breakers.length === 0 ? [emptyRow(3, 'no deployment is called from this process')]
    : breakers.map((b) => el('tr', { 'data-deployment': b.deployment },
      el('td', {}, b.deployment), el('td', { class: b.state }, b.state), el('td', { class: 'num' }, number(b.in_flight)))));
}

function renderLedger(ledger) {
  if (!ledger) {
    fillRows('#ledger', [emptyRow(2, 'no usage ledger in this process')]);
    return;
  }
  const rows = Object.entries(ledger).map(([name, value]) => el('tr', { 'data-ledger': name },
    el('th', {}, name.replaceAll('_', ' ')),
    el('td', { class: name === 'state' ? value : 'num' }, name === 'state' ? value : number(value))));
  fillRows('#ledger', rows);
}

// ---- instances, spend

function renderInstances(instances) {
  const data = instances?.data || [];
  fillRows('#instances', data.length === 0 ? [emptyRow(8, 'no instances known')]
    : data.map((i) => el('tr', { 'data-role': i.role, 'data-instance': i.id },
      el('td', {}, i.role), el('td', {}, i.id), el('td', {}, i.address), el('td', {}, i.version),
      el('td', { class: i.health }, i.health), el('td', {}, i.in_rotation ? 'yes' : 'no'),
      el('td', { class: 'num' }, number(i.in_flight)),
      el('td', {}, i.last_check ? `${i.last_check.ok ? 'ok' : 'failed'} in ${i.last_check.latency_ms} ms`
        : (i.local ? 'this process' : 'not yet')))));
}

function renderSpend(usage) {
  const data = usage?.data || [];
  fillRows('#spend', data.length === 0 ? [emptyRow(6, 'no usage recorded today')]
    : data.map((row) => el('tr', { 'data-tenant': row.group ?? '' },
      el('td', {}, row.group ?? '(none)'), el('td', { class: 'num' }, number(row.requests)),
      el('td', { class: 'num' }, number(row.input_tokens)), el('td', { class: 'num' }, number(row.output_tokens)),
      el('td', { class: 'num' }, number(row.errors)), el('td', { class: 'num', 'data-cost': row.cost_usd }, row.cost_usd))));
}

// ---- traces

function renderTraces(traces) {
  const data = traces?.data || [];
  fillRows('#traces', data.length === 0 ? [emptyRow(7, traces ? 'no traces yet' : 'no traces (tracing is not on)')]
    : data.map((t) => el('tr', { 'data-trace': t.trace_id, class: t.trace_id === openTrace ? 'selected' : '',
      onclick: () => showTrace(t.trace_id) },
    el('td', {}, t.start), el('td', {}, t.name), el('td', {}, t.model ?? ''),
    el('td', { class: t.status === 'error' ? 'error-state' : 'ok' }, t.status), el('td', {}, t.http_status ?? ''),
    el('td', { class: 'num' }, number(t.span_count)), el('td', { class: 'num' }, ms(t.duration_ms)))));
}

async function showTrace(id) {
  if (!/^[0-9a-f]{32}$/.test(id)) return;
  openTrace = id;
  document.querySelectorAll('#traces tbody tr').forEach((r) => r.classList.toggle('selected', r.dataset.trace === id));
  try {
    const trace = await api('/admin/traces/' + encodeURIComponent(id));
    const detail = $('#trace-detail');
    if (!trace || !trace.spans || trace.spans.length === 0) {
      detail.replaceChildren(el('p', { class: 'muted' }, 'this trace is no longer kept'));
      return;
    }
    const total = Math.max(...trace.spans.map((s) => (s.start_offset_ms || 0) + (s.duration_ms || 0)), 0.001);
    const rows = [];
    trace.spans.forEach((s) => spanRows(s, 0, total, rows));
    detail.replaceChildren(el('div', { class: 'spans', 'data-trace-detail': id },
      el('h3', {}, `Trace ${id}`), ...rows));
  } catch (e) {
    handle(e);
  }
}

function spanRows(span, depth, total, rows) {
  const bar = el('div', { class: 'bar' + (span.status === 'error' ? ' error-state' : '') });
  bar.style.left = ((100 * (span.start_offset_ms || 0)) / total).toFixed(2) + '%';
  bar.style.width = ((100 * (span.duration_ms || 0)) / total).toFixed(2) + '%';
  const name = el('div', {}, el('span', {}, span.name), ' ', el('span', { class: 'muted' }, span.kind || ''));
  name.style.paddingLeft = depth * 1.2 + 'rem';
  const events = (span.events || []).map((e) => `${e.name} @${number(e.offset_ms, 1)} ms`).join(', ');
  if (events) name.append(el('div', { class: 'events' }, events));
  const attributes = Object.entries(span.attributes || {}).map(([k, v]) => `${k}=${v}`).join('\n');
  rows.push(el('div', { class: 'span', 'data-span': span.span_id, title: attributes },
    name, el('div', { class: 'track' }, bar), el('div', { class: 'num' }, ms(span.duration_ms))));
  (span.children || []).forEach((c) => spanRows(c, depth + 1, total, rows));
}

// ---- polling and signing in

function today() {
  return new Date().toISOString().slice(0, 10);
}

async function poll() {
  clearTimeout(timer);
  const [stats, instances, usage, traces] = await Promise.allSettled([
    api('/admin/stats'), api('/admin/instances'),
    api('/admin/usage?group_by=tenant&from=' + today()), api('/admin/traces?limit=20'),
  ]);
  const results = [stats, instances, usage, traces];
  const signedOut = results.find((r) => r.status === 'rejected' && r.reason instanceof SignedOut);
  if (signedOut) {
    handle(signedOut.reason);
    return;
  }
  const render = [renderStats, renderInstances, renderSpend, renderTraces];
  const failures = [];
  results.forEach((r, i) => (r.status === 'fulfilled' ? render[i](r.value) : failures.push(r.reason.message)));
  $('#status').textContent = failures.length ? 'partly updated: ' + failures.join('; ')
    : 'updated ' + new Date().toLocaleTimeString();
  document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
  timer = setTimeout(poll, POLL_MS);
}

function handle(error) {
  if (error instanceof SignedOut) {
    signOut(error.message);
  } else {
    $('#status').textContent = 'error: ' + error.message;
  }
}

function signOut(message = '') {
  clearTimeout(timer);
  sessionStorage.removeItem(KEY_SLOT);
  $('#dashboard').hidden = true;
  $('#sign-out').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message;
  $('#status').textContent = 'signed out';
}

function signIn() {
  $('#login').hidden = true;
  $('#dashboard').hidden = false;
  $('#sign-out').hidden = false;
  $('#status').textContent = 'loading…';
  poll();
}

document.addEventListener('DOMContentLoaded', () => {
  $('#login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_SLOT, $('#admin-key').value.trim());
    $('#admin-key').value = '';
    signIn();
  });
  $('#sign-out').addEventListener('click', () => signOut());
  if (sessionStorage.getItem(KEY_SLOT)) signIn(); else signOut();
});
