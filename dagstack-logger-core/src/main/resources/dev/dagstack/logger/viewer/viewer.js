// dagstack log viewer. Record data is only ever put into the page through textContent, element
// attributes set one by one (href only for http/https); it is never parsed as markup.
'use strict';
(function () {
  const FILTERS = ['level', 'logger', 'request_id', 'operation', 'trace_id', 'q'];
  const MAX_ROWS = 2000;
  const path = location.pathname.replace(/index\.html$/, '');
  const base = path.endsWith('/') ? path : path + '/';
  const $ = (id) => document.getElementById(id);
  let source = null;
  let lastSeq = 0;
  let instance = '';
  let missed = 0;
  let retryTimer = null;
  let selected = null;
  let opsTimer = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function currentFilters() {
    const params = new URLSearchParams(location.search);
    const out = new URLSearchParams();
    for (const f of FILTERS) {
      const v = params.get(f);
      if (v) out.set(f, v);
    }
    return out;
  }

  function showFiltersInForm() {
    const params = currentFilters();
    for (const f of FILTERS) $('f-' + f).value = params.get(f) || '';
  }

  function fmtTime(ns) {
    const d = new Date(Number(ns) / 1e6);
    return isNaN(d.getTime()) ? String(ns) : d.toISOString().replace('T', ' ').replace('Z', '');
  }

  function fmtDuration(ms) {
    const n = Number(ms);
    if (!isFinite(n)) return String(ms);
    if (n < 1000) return n + ' ms';
    if (n < 60000) return (n / 1000).toFixed(1) + 's';
    const m = Math.floor(n / 60000);
    return m + 'm ' + Math.round((n % 60000) / 1000) + 's';
  }

  function fmtBytes(b) {
    let n = Number(b);
    if (!isFinite(n)) return String(b);
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function bodyText(body) {
    return typeof body === 'string' ? body : JSON.stringify(body);
  }

  // One attribute value, rendered by its metadata hint (spec §5.4).
  function renderValue(key, value) {
    if (key === 'exception.stacktrace' && typeof value === 'string') {
      const d = el('details', 'stack');
      d.appendChild(el('summary', null, 'stack trace (' + value.split('\n').length + ' lines)'));
      d.appendChild(el('pre', 'stacktrace', value));
      return d;
    }
    if (key.endsWith('.url') && typeof value === 'string') {
      if (/^https?:\/\//i.test(value)) {
        const a = el('a', null, value);
        a.href = value;
        a.rel = 'noopener noreferrer nofollow';
        a.target = '_blank';
        return a;
      }
      return el('span', 'mono', value);
    }
    if (key.endsWith('.duration_ms') && typeof value === 'number') return el('span', null, fmtDuration(value));
    if (key.endsWith('.bytes') && typeof value === 'number') return el('span', null, fmtBytes(value));
    if (key.endsWith('.timestamp') && typeof value === 'number') return el('span', null, fmtTime(value > 1e14 ? value : value * 1e6));
    if (key.endsWith('.markdown')) return el('pre', 'markdown', String(value)); // shown as text, never as HTML
    if (key.endsWith('.code') || key.endsWith('.path')) {
      const pre = el('pre');
      pre.appendChild(el('code', null, String(value)));
      return pre;
    }
    if (key.endsWith('.table_json') && typeof value === 'string') {
      try {
        const rows = JSON.parse(value);
        if (Array.isArray(rows) && rows.length && typeof rows[0] === 'object') {
          const t = el('table');
          const cols = Object.keys(rows[0]);
          const hr = el('tr');
          cols.forEach((c) => hr.appendChild(el('th', null, c)));
          t.appendChild(hr);
          rows.forEach((r) => {
            const tr = el('tr');
            cols.forEach((c) => tr.appendChild(el('td', null, r && typeof r[c] !== 'object' ? r[c] : JSON.stringify(r && r[c]))));
            t.appendChild(tr);
          });
          return t;
        }
      } catch (e) { /* not a table: shown as text below */ }
    }
    if (value !== null && typeof value === 'object') return el('pre', null, JSON.stringify(value, null, 2));
    return el('span', null, String(value));
  }

  function showDetail(entry, row) {
    if (selected) selected.classList.remove('selected');
    selected = row;
    row.classList.add('selected');
    const r = entry.record;
    const dl = el('dl');
    const add = (k, node) => { dl.appendChild(el('dt', null, k)); const dd = el('dd'); dd.appendChild(node); dl.appendChild(dd); };
    add('time', el('span', null, fmtTime(r.time_unix_nano)));
    add('severity', el('span', null, r.severity_text + ' (' + r.severity_number + ')'));
    add('logger', el('span', 'mono', r.instrumentation_scope ? r.instrumentation_scope.name : ''));
    add('body', typeof r.body === 'string' ? el('span', null, r.body) : el('pre', null, JSON.stringify(r.body, null, 2)));
    if (r.trace_id) add('trace_id', el('span', 'mono', r.trace_id));
    if (r.span_id) add('span_id', el('span', 'mono', r.span_id));
    const attrs = r.attributes || {};
    for (const k of Object.keys(attrs).sort()) add(k, renderValue(k, attrs[k]));
    if (r.resource && r.resource.attributes) {
      for (const k of Object.keys(r.resource.attributes).sort()) add('resource: ' + k, renderValue(k, r.resource.attributes[k]));
    }
    add('seq', el('span', null, entry.seq));
    const box = $('detail');
    box.replaceChildren(dl);
  }

  function row(entry) {
    const r = entry.record;
    const tr = el('tr', 'rec sev-' + r.severity_text);
    tr.dataset.seq = entry.seq;
    tr.appendChild(el('td', 'time', fmtTime(r.time_unix_nano)));
    tr.appendChild(el('td', 'lvl', r.severity_text));
    tr.appendChild(el('td', 'logger mono', r.instrumentation_scope ? r.instrumentation_scope.name : ''));
    tr.appendChild(el('td', 'msg', bodyText(r.body)));
    tr.addEventListener('click', () => showDetail(entry, tr));
    return tr;
  }

  function append(entries, initial) {
    const rows = $('rows');
    const list = $('list-pane');
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    let touchesOperations = false;
    for (const e of entries) {
      rows.appendChild(row(e));
      if (e.record.attributes && e.record.attributes['operation.id'] !== undefined) touchesOperations = true;
    }
    while (rows.childElementCount > MAX_ROWS) rows.removeChild(rows.firstElementChild);
    $('shown').textContent = String(rows.childElementCount);
    if (atBottom) list.scrollTop = list.scrollHeight;
    if (touchesOperations && !initial) scheduleOperations();
  }

  function scheduleOperations() {
    if (opsTimer) return;
    opsTimer = setTimeout(() => { opsTimer = null; loadOperations(); }, 300);
  }

  function opNode(op) {
    const li = el('li', 'op');
    li.dataset.operationId = op.id;
    const d = el('details');
    d.open = true;
    const head = el('summary', 'op-head');
    head.appendChild(el('span', 'op-name', op.name || op.id));
    if (op.kind) head.appendChild(el('span', 'hint', op.kind));
    const status = op.status || 'running';
    head.appendChild(el('span', 'status status-' + status.replace(/[^a-z]/g, ''), status));
    if (op.duration_ms !== undefined) head.appendChild(el('span', 'duration', fmtDuration(op.duration_ms)));
    head.appendChild(el('span', 'hint', op.records + ' records' + (op.errors ? ', ' + op.errors + ' errors' : '')));
    const filter = el('a', 'op-filter', 'filter');
    filter.href = '?' + new URLSearchParams({ operation: op.id }).toString();
    head.appendChild(filter);
    d.appendChild(head);
    if (op.progress && op.progress.current !== undefined) {
      const p = op.progress;
      const line = el('div', 'progress');
      const bar = el('progress');
      if (typeof p.total === 'number' && p.total > 0) {
        bar.max = p.total;
        bar.value = Math.min(p.current || 0, p.total);
      }
      if (p.state === 'completed' && typeof p.total !== 'number') { bar.max = 1; bar.value = 1; }
      line.appendChild(bar);
      let text = (p.current !== undefined ? p.current : '?') + (typeof p.total === 'number' ? ' / ' + p.total : '') + (p.unit ? ' ' + p.unit : '');
      if (typeof p.rate === 'number') text += ' · ' + p.rate.toFixed(1) + ' ' + (p.unit || '') + '/s';
      if (typeof p.eta_ms === 'number' && p.state !== 'completed') text += ' · ETA ' + fmtDuration(p.eta_ms);
      if (p.phase) text += ' · ' + p.phase;
      if (p.state) text += ' · ' + p.state;
      line.appendChild(el('span', 'progress-text', text));
      d.appendChild(line);
    }
    if (op.children && op.children.length) {
      const ul = el('ul', 'tree');
      op.children.forEach((c) => ul.appendChild(opNode(c)));
      d.appendChild(ul);
    }
    li.appendChild(d);
    return li;
  }

  async function getJson(path, params) {
    const res = await fetch(base + path + '?' + params.toString(), { headers: { Accept: 'application/json' } });
    const json = await res.json();
    if (!res.ok) throw new Error(json.error || res.status);
    return json;
  }

  async function loadOperations() {
    try {
      const data = await getJson('api/operations', currentFilters());
      const box = $('operations');
      if (!data.operations.length) { box.replaceChildren(el('p', 'hint', 'No operations yet.')); return; }
      const ul = el('ul', 'tree root');
      data.operations.forEach((op) => ul.appendChild(opNode(op)));
      box.replaceChildren(ul);
    } catch (e) { $('error').textContent = String(e.message || e); }
  }

  function connect() {
    if (source) source.close();
    const params = currentFilters();
    params.set('after', String(lastSeq));
    if (instance) params.set('instance', instance);
    source = new EventSource(base + 'api/stream?' + params.toString());
    const mine = source;
    source.addEventListener('open', () => { $('live').textContent = 'live'; $('error').textContent = ''; });
    source.addEventListener('error', () => {
      if (mine.readyState !== EventSource.CLOSED) {
        $('live').textContent = 'reconnecting…';
        return;
      }
      // Refused (e.g. 503: too many open streams) or the server is gone: ask again later.
      $('live').textContent = 'disconnected';
      $('error').textContent = 'live stream refused or server gone (too many open viewer pages?); retrying in 5 s';
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = setTimeout(() => { if (source === mine) connect(); }, 5000);
    });
    source.addEventListener('reset', (ev) => {
      // The server restarted: its sequence numbers start again, so the list starts again too.
      const data = JSON.parse(ev.data);
      instance = data.instance;
      lastSeq = 0;
      $('rows').replaceChildren();
      $('shown').textContent = '0';
      missed = 0;
      $('missed').textContent = '0';
      loadOperations();
    });
    source.addEventListener('records', (ev) => {
      const data = JSON.parse(ev.data);
      lastSeq = data.last_seq;
      missed += data.missed;
      $('missed').textContent = String(missed);
      if (data.records.length) append(data.records);
    });
  }

  let generation = 0;

  async function load() {
    // A newer load (filters changed again) wins; the old stream stops before anything is fetched.
    const mine = ++generation;
    if (source) { source.close(); source = null; }
    $('live').textContent = 'loading…';
    $('error').textContent = '';
    $('rows').replaceChildren();
    $('shown').textContent = '0';
    $('detail').replaceChildren(el('p', 'hint', 'Click a record to see all its fields.'));
    selected = null;
    missed = 0;
    $('missed').textContent = '0';
    try {
      const params = currentFilters();
      params.set('limit', '500');
      const data = await getJson('api/records', params);
      if (mine !== generation) return;
      lastSeq = data.last_seq;
      instance = data.instance || '';
      append(data.records, true);
      loadOperations();
      connect();
    } catch (e) {
      $('error').textContent = String(e.message || e);
    }
  }

  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const params = new URLSearchParams();
    for (const f of FILTERS) {
      const v = $('f-' + f).value.trim();
      if (v) params.set(f, v);
    }
    const qs = params.toString();
    history.replaceState(null, '', qs ? '?' + qs : location.pathname);
    load();
  });
  $('clear').addEventListener('click', () => {
    history.replaceState(null, '', location.pathname);
    showFiltersInForm();
    load();
  });
  showFiltersInForm();
  load();
})();
