// subtensor-ts explorer: plain ES module, no build step. Data from the node's GET /api/* endpoints (runtime API
// values as clients read them), live blocks and events from /api/live (server-sent events), charts with uPlot.
const $ = (sel, el = document) => el.querySelector(sel);
const view = $('#view');
const RAO = 1e9;
const tao = (rao, d = 4) => (Number(rao) / RAO).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const u16 = v => (Number(v) / 65535).toFixed(4);
const short = s => `${s.slice(0, 6)}…${s.slice(-4)}`;
const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const get = async url => { const r = await fetch(url); const j = await r.json(); if (!r.ok) throw new Error(j.error ?? r.statusText); return j; };
const PALETTE = ['#4fc3f7', '#7bd88f', '#fd9353', '#fc618d', '#948ae3', '#fce566', '#5ad4e6', '#f59762', '#b0b8c8', '#e06c75'];

/** A table; a heading is a label or [label, column key]; each cell is [text, raw value for data-value] or text. */
function table(testid, headings, rows, onRow) {
  const t = document.createElement('table');
  t.dataset.testid = testid;
  const head = headings.map(h => (Array.isArray(h) ? h[1] : h));
  t.innerHTML = `<thead><tr>${headings.map((h, i) => `<th class="${i < 2 ? 'l' : ''}">${esc(Array.isArray(h) ? h[0] : h)}</th>`).join('')}</tr></thead>`;
  const body = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.innerHTML = r.cells.map((c, i) => {
      const [text, raw] = Array.isArray(c) ? c : [c, undefined];
      return `<td class="${i < 2 ? 'l' : ''}" data-col="${esc(head[i])}"${raw === undefined ? '' : ` data-value="${esc(raw)}"`}>${text}</td>`;
    }).join('');
    if (r.key !== undefined) tr.dataset.key = r.key;
    if (onRow) { tr.classList.add('link'); tr.onclick = () => onRow(r); }
    body.append(tr);
  }
  t.append(body);
  return t;
}

// ---- views ---------------------------------------------------------------------------------------------------

async function subnetsView() {
  const subnets = await get('/api/subnets');
  view.innerHTML = '<h1>Subnets</h1>';
  view.append(table('subnets', ['Netuid', 'Name', 'Price (τ/α)', 'TAO in (τ)', 'Alpha in (α)', 'Emission (τ/block)', 'Tempo', 'Neurons'],
    subnets.map(s => ({
      key: s.netuid,
      cells: [[s.netuid, s.netuid], esc(`${s.netuid === 0 ? 'τ' : s.symbol} ${s.name || (s.netuid === 0 ? 'root' : 'subnet ' + s.netuid)}`),
        [s.price.toFixed(4), s.price], [tao(s.taoIn), s.taoIn], [tao(s.alphaIn), s.alphaIn], [tao(s.taoInEmission), s.taoInEmission],
        [`${s.blocksSinceLastStep}/${s.tempo}`, s.tempo], [s.neurons, s.neurons]],
    })), r => { location.hash = `#/subnet/${r.key}`; }));
}

function metagraphTable(d) {
  const sym = d.info.symbol;
  return table('metagraph', ['UID', 'Hotkey', [`Stake (${sym})`, 'Stake'], 'Incentive', 'Dividends', 'VTrust', 'Consensus', [`Emission (${sym})`, 'Emission'], 'Permit', 'Active'],
    d.metagraph.neurons.map(n => ({
      key: n.uid,
      cells: [[n.uid, n.uid], `<span class="mono" title="${n.hotkey}">${short(n.hotkey)}</span>`, [tao(n.totalStake), n.totalStake],
        [u16(n.incentive), n.incentive], [u16(n.dividends), n.dividends], [u16(n.validatorTrust), n.validatorTrust],
        [u16(n.consensus), n.consensus], [tao(n.emission), n.emission], n.validatorPermit ? '✔' : '', n.active ? '✔' : ''],
    })));
}

/** n×n heatmap of sparse u16 rows on a canvas (rows = validators' uids, columns = target uids). */
function heatmap(testid, caption, rows) {
  const n = rows.length, cell = Math.max(6, Math.min(24, Math.floor(320 / Math.max(1, n))));
  const fig = document.createElement('figure');
  const canvas = document.createElement('canvas');
  canvas.className = 'heat'; canvas.dataset.testid = testid; canvas.width = canvas.height = Math.max(1, n * cell);
  const g = canvas.getContext('2d');
  g.fillStyle = '#0f1115'; g.fillRect(0, 0, canvas.width, canvas.height);
  let cells = 0;
  // Colour relative to the matrix's largest entry (bonds are often far below 1).
  const max = Math.max(1, ...rows.flatMap(row => row.map(([, v]) => v)));
  rows.forEach((row, i) => row.forEach(([j, v]) => {
    if (j >= n || v === 0) return;
    const x = v / max;
    g.fillStyle = `rgba(79, 195, 247, ${0.15 + 0.85 * x})`;
    g.fillRect(j * cell, i * cell, cell - 1, cell - 1);
    cells++;
  }));
  canvas.dataset.cells = cells;
  fig.append(canvas);
  fig.insertAdjacentHTML('beforeend', `<figcaption>${esc(caption)} (${n}×${n}, row = from uid, column = to uid)</figcaption>`);
  return fig;
}

/** uPlot line chart of per-uid series over epoch blocks. */
function plot(testid, title, epochs, series, fmt = v => v, twoAxes = false) {
  const div = document.createElement('div');
  div.className = 'plot'; div.dataset.testid = testid;
  const x = epochs.map(e => e.block);
  const opts = {
    title, width: 420, height: 220,
    scales: { x: { time: false } },
    axes: [{ stroke: '#8b93a5', grid: { stroke: '#2a2f3a' } }, { stroke: '#8b93a5', grid: { stroke: '#2a2f3a' }, scale: 'y' },
      ...(twoAxes ? [{ stroke: '#8b93a5', side: 1, grid: { show: false }, scale: 'y2' }] : [])],
    series: [{ label: 'block' }, ...series.map((s, i) => ({
      label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2, scale: twoAxes && i === 1 ? 'y2' : 'y', value: (_u, v) => (v == null ? '' : fmt(v)),
    }))],
  };
  const u = new uPlot(opts, [x, ...series.map(s => s.values)], div);
  div.dataset.points = x.length;
  div.dataset.series = series.length;
  div._uplot = u;
  return div;
}

function explainTable(e) {
  const I = e.intermediates, O = e.outputs;
  return table('explain', ['UID', 'Hotkey', 'Active', 'Stake S', 'Active S', 'Consensus', 'VTrust', 'Rank', 'Incentive', 'Dividends', 'Emission (α)'],
    e.uids.map(uid => ({
      key: uid,
      cells: [[uid, uid], `<span class="mono">${short(e.hotkeys[uid])}</span>`, I.active[uid] ? '✔' : '', [I.stake[uid].toFixed(4), I.stake[uid]],
        [I.activeStake[uid].toFixed(4), I.activeStake[uid]], [I.consensus[uid].toFixed(4), I.consensus[uid]], [I.validatorTrust[uid].toFixed(4), I.validatorTrust[uid]],
        [I.ranks[uid].toFixed(4), I.ranks[uid]], [I.incentive[uid].toFixed(4), O.incentive[uid]], [I.dividends[uid].toFixed(4), O.dividends[uid]],
        [tao(O.emission[uid]), O.emission[uid]]],
    })));
}

async function explainSection(netuid, section) {
  section.innerHTML = `<h2>Epoch explain — the next epoch, computed without writing anything</h2>
    <form class="whatif" data-testid="whatif"><label>what-if kappa <input name="kappa" placeholder="u16, e.g. 32767"></label>
    <label>bonds penalty <input name="bondsPenalty" placeholder="u16"></label>
    <label><input type="checkbox" name="yuma3"> Yuma3</label><button>Explain</button></form><div class="out"></div>`;
  const form = $('form', section), out = $('.out', section);
  const run = async () => {
    const h = {};
    for (const k of ['kappa', 'bondsPenalty']) if (form[k].value) h[k] = Number(form[k].value);
    if (form.yuma3.checked) h.yuma3 = true;
    const q = Object.keys(h).length ? `?overrides=${encodeURIComponent(JSON.stringify({ hyperparameters: h }))}` : '';
    const e = await get(`/api/subnet/${netuid}/explain${q}`);
    out.innerHTML = `<p class="dim" data-testid="explain-summary">block ${e.block}: emission ${tao(e.parameters.emission)} α, kappa ${u16(e.parameters.kappa)},
      ${e.parameters.yuma3 ? 'Yuma3' : 'classic Yuma'}${q ? ' <b>(what-if)</b>' : ''}</p>`;
    out.append(explainTable(e));
    const m = document.createElement('div');
    m.className = 'heatmaps';
    const asU16 = rows => rows.map(r => r.map(([j, v]) => [j, Math.round(Math.min(1, v) * 65535)]));
    m.append(heatmap('explain-weights', 'normalised weights', asU16(e.intermediates.weights)),
      heatmap('explain-clipped', 'clipped weights', asU16(e.intermediates.clippedWeights)),
      heatmap('explain-bonds-after', 'bonds after', asU16(e.intermediates.bondsAfter)));
    out.append(m);
  };
  form.onsubmit = ev => { ev.preventDefault(); run().catch(err => { out.textContent = err.message; }); };
  await run();
}

async function subnetView(netuid) {
  const d = await get(`/api/subnet/${netuid}`);
  const s = d.info;
  view.innerHTML = `<h1 data-testid="subnet-title">Subnet ${netuid}: ${esc(s.symbol)} ${esc(s.name || 'subnet ' + netuid)}</h1>
    <p class="dim" data-testid="pool">price <b data-value="${s.price}">${s.price.toFixed(4)}</b> τ/${esc(s.symbol)} · TAO in <b data-value="${s.taoIn}">${tao(s.taoIn)}</b> τ
    · alpha in ${tao(s.alphaIn)} · alpha out ${tao(s.alphaOut)} · tempo ${s.tempo} · block ${d.metagraph.block}</p>
    <div id="mg"></div><h2>Over epochs</h2><div class="plots" id="plots"><span class="dim">loading…</span></div>
    <h2>Weights and bonds</h2><div class="heatmaps" id="heat"></div><section id="explain"></section>`;
  $('#mg').append(metagraphTable(d));
  $('#heat').append(heatmap('weights-heatmap', 'weights', d.weights), heatmap('bonds-heatmap', 'bonds', d.bonds));
  const history = get(`/api/subnet/${netuid}/history`).then(epochs => {
    const plots = $('#plots');
    plots.innerHTML = '';
    if (epochs.length === 0) { plots.innerHTML = '<span class="dim" data-testid="no-epochs">no epoch has run yet</span>'; return; }
    const uids = d.metagraph.neurons.map(n => n.uid);
    const per = key => uids.map(uid => ({ label: `uid ${uid}`, values: epochs.map(e => (e[key][uid] ?? null) === null ? null : Number(e[key][uid]) / 65535) }));
    plots.append(plot('plot-incentive', 'Incentive', epochs, per('incentive'), v => v.toFixed(4)),
      plot('plot-dividends', 'Dividends', epochs, per('dividends'), v => v.toFixed(4)),
      plot('plot-pool', 'Price (τ/α) and TAO in (τ)', epochs, [
        { label: 'price', values: epochs.map(e => e.price) }, { label: 'TAO in', values: epochs.map(e => Number(e.taoIn) / RAO) }], v => v.toFixed(4), true));
  });
  await Promise.all([history, explainSection(netuid, $('#explain'))]);
}

// ---- router, live blocks ---------------------------------------------------------------------------------------

let current = '';
async function route() {
  current = location.hash || '#/';
  const m = /^#\/subnet\/(\d+)/.exec(current);
  view.dataset.ready = 'false';
  try {
    if (m) await subnetView(Number(m[1])); else await subnetsView();
  } catch (e) {
    view.innerHTML = `<p data-testid="error">error: ${esc(e.message)}</p>`;
  }
  view.dataset.ready = 'true';
}

function blockItem(b, fresh) {
  const li = document.createElement('li');
  li.dataset.number = b.number;
  if (fresh) li.className = 'fresh';
  const evs = b.events.filter(e => !(e.section === 'system' && e.method === 'ExtrinsicSuccess')).map(e => `${e.section}.${e.method}`);
  li.innerHTML = `<b>#${b.number}</b> <span class="mono">${short(b.hash)}</span> · ${b.extrinsics.length} extrinsics` +
    `<span class="ev">${esc(evs.slice(0, 6).join(', ') || 'no events')}${evs.length > 6 ? ` (+${evs.length - 6})` : ''}</span>`;
  return li;
}

function showBlock(b, fresh) {
  const list = $('#blocks');
  if (list.querySelector(`li[data-number="${b.number}"]`)) return;
  // Newest first, whatever order the initial list and the live stream arrive in.
  const after = [...list.children].find(li => Number(li.dataset.number) < b.number);
  list.insertBefore(blockItem(b, fresh), after ?? null);
  while (list.children.length > 12) list.lastElementChild.remove();
  if (!($('#head').dataset.number > b.number)) { $('#head').textContent = `#${b.number}`; $('#head').dataset.number = b.number; }
}

let refreshTimer = null;
function live() {
  const es = new EventSource('/api/live');
  es.onopen = () => $('#live-dot').classList.add('on');
  es.onerror = () => $('#live-dot').classList.remove('on');
  es.addEventListener('block', ev => {
    showBlock(JSON.parse(ev.data), true);
    // The subnets table follows the chain; subnet pages refresh on navigation (their plots are heavier).
    if ((location.hash || '#/') === '#/' && !refreshTimer) refreshTimer = setTimeout(() => { refreshTimer = null; if ((location.hash || '#/') === '#/') subnetsView().catch(() => {}); }, 1000);
  });
}

window.addEventListener('hashchange', route);
get('/api/blocks').then(blocks => blocks.reverse().forEach(b => showBlock(b, false))).catch(() => {});
live();
route();
