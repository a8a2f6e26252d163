// The paths of a site's visits (POST /api/paths): from a start step, or to an end step, the top
// sequences of pages (or of all events) inside one visit, with the visits that dropped off at each
// step and a flow of columns whose links are as wide as the visits that took them.
// State in the URL: /sites/{id}/paths?dir=start&kind=page&step=/pricing&steps=5&events=pageviews&range=30d
//   &segment=<cohort id> (only the visits of a cohort's members)
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { navigate, urlWith, RANGES } from './state.js';
import { useLoad, Skeleton, ErrorBox, Info } from './ui.js';
import * as fmt from './format.js';
import { csvText, downloadCsv } from './csv.js';
import { SaveInsight } from './insights.js';
import { SegmentPicker, CohortNotice, segmentOfUrl } from './cohorts.js';

/** Paths listed in the table (the API's limit). */
const LIMIT = 50;
/** Boxes per column of the flow; the rest of a column is left out of the drawing. */
const PER_COLUMN = 6;
const PATHS_DOCS = '/definitions#paths';

const HELP = 'Paths run inside one visit: its page views (or all its events) in time order, repeats in a row counted once. '
  + 'From the visit’s first step that matches, the steps after it (start) or before it (end). Counts are visits.';

/** The builder's state from the URL, with defaults. */
function builder() {
  const p = new URLSearchParams(location.search);
  const steps = Number(p.get('steps'));
  return {
    dir: p.get('dir') === 'end' ? 'end' : 'start',
    kind: ['page', 'event', 'goal'].includes(p.get('kind')) ? p.get('kind') : 'page',
    step: p.get('step') || '/',
    steps: Number.isInteger(steps) && steps >= 2 && steps <= 10 ? steps : 5,
    events: p.get('events') === 'all' ? 'all' : 'pageviews',
    range: p.get('range') || '30d',
  };
}

export function Paths({ site, role, peopleReader }) {
  const b = builder();
  const body = {
    site_id: site.id, date_range: b.range, [b.dir]: { [b.kind]: b.step },
    steps: b.steps, events: b.events, limit: LIMIT, ...segmentOfUrl(),
  };
  const key = JSON.stringify(body);
  const answer = useLoad(() => api('POST', '/api/paths', body), key);
  let result;
  if (answer.error && answer.error.status === 403 && body.segment) result = h(CohortNotice, { what: 'paths', role });
  else if (answer.error) result = h(ErrorBox, { error: answer.error, retry: answer.retry });
  else if (!answer.data) result = h(Skeleton, { lines: 8, height: '1.6rem' });
  else if (!answer.data.visits) result = h(NoPaths, { b });
  else result = h(Result, { a: answer.data, b, site, refreshing: answer.loading });
  return h('div', { class: 'paths' },
    h('div', { class: 'people-head' },
      h('h1', null, 'Paths ', h(Info, { text: HELP, label: 'paths' })),
      peopleReader && h(SegmentPicker, { site, peopleReader }),
      h(SaveInsight, { site, role, kind: 'paths', suggest: 'Paths ' + (b.dir === 'start' ? 'from ' : 'to ') + b.step })),
    h('p', { class: 'muted people-lead' }, 'Which pages the visits of ', site.name, ' went through ',
      b.dir === 'start' ? 'after a step' : 'before reaching a step', '. ',
      h('a', { href: PATHS_DOCS, target: '_blank', rel: 'noopener' }, 'How paths are counted')),
    h(Builder, { b, key: key }),
    h('section', { class: 'card paths-card', 'aria-label': 'Paths', 'aria-busy': answer.loading ? 'true' : 'false' }, result));
}

/** The form: direction, step, number of steps, which events, range; applied to the URL. */
function Builder({ b }) {
  const [form, setForm] = useState(b);
  useEffect(() => setForm(b), [JSON.stringify(b)]);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const apply = (e) => {
    e.preventDefault();
    navigate(urlWith({ dir: form.dir, kind: form.kind, step: form.step.trim(), steps: form.steps, events: form.events, range: form.range }));
  };
  const placeholder = form.kind === 'page' ? '/pricing or /blog/*' : form.kind === 'event' ? 'signup' : 'a goal’s name';
  return h('form', { class: 'card paths-builder', onSubmit: apply, 'aria-label': 'Which paths' },
    h('label', null, h('span', null, 'Paths'),
      h('select', { id: 'paths-dir', value: form.dir, onChange: set('dir') },
        h('option', { value: 'start' }, 'starting at'), h('option', { value: 'end' }, 'ending at'))),
    h('label', null, h('span', null, 'Step'),
      h('select', { id: 'paths-kind', value: form.kind, onChange: set('kind') },
        h('option', { value: 'page' }, 'page'), h('option', { value: 'event' }, 'event'), h('option', { value: 'goal' }, 'goal'))),
    h('label', { class: 'paths-step' }, h('span', null, form.kind === 'page' ? 'Page path' : form.kind === 'event' ? 'Event name' : 'Goal'),
      h('input', { id: 'paths-step', value: form.step, required: true, maxLength: 500, placeholder, spellcheck: false, onInput: set('step') })),
    h('label', null, h('span', null, 'Steps'),
      h('select', { id: 'paths-steps', value: String(form.steps), onChange: set('steps') },
        [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => h('option', { value: String(n), key: n }, n)))),
    h('label', null, h('span', null, 'Count'),
      h('select', { id: 'paths-events', value: form.events, onChange: set('events') },
        h('option', { value: 'pageviews' }, 'page views'), h('option', { value: 'all' }, 'all events'))),
    h('label', null, h('span', null, 'Range'),
      h('select', { id: 'paths-range', value: form.range, onChange: set('range') },
        RANGES.map(([v, label]) => h('option', { value: v, key: v }, label)))),
    h('button', { type: 'submit', class: 'button primary' }, 'Show paths'));
}

function NoPaths({ b }) {
  return h('div', { class: 'people-empty paths-empty' },
    h('h2', null, 'No paths'),
    h('p', null, 'No visit in this range had a ', b.kind, ' step matching ', h('code', null, b.step), '.'),
    b.kind !== 'page' && b.events === 'pageviews'
      && h('p', null, 'Only page views are steps now: count all events to start or end at an event or an event goal.'));
}

function Result({ a, b, site, refreshing }) {
  const shown = a.paths.length;
  return h('div', { class: refreshing ? 'refreshing' : null },
    h('p', { class: 'paths-summary', role: 'status' },
      h('strong', null, fmt.int(a.visits)), a.visits === 1 ? ' visit' : ' visits', ' took ',
      h('strong', null, fmt.int(a.distinct_paths)), a.distinct_paths === 1 ? ' path' : ' different paths',
      shown < a.distinct_paths ? ' (the ' + shown + ' most common below)' : '', '.'),
    h(Flow, { a, b }),
    h('div', { class: 'paths-tables' },
      h('div', { class: 'table-wrap' }, h(PathTable, { a })),
      h('div', { class: 'table-wrap' }, h(DropOffs, { a }))),
    h('p', { class: 'paths-foot' },
      h('button', { type: 'button', class: 'button small', id: 'paths-csv', onClick: () => download(a, b, site) }, 'Download CSV')));
}

/** The top paths: each as its names with arrows, its visits and their share. */
function PathTable({ a }) {
  return h('table', { class: 'table paths-table' },
    h('caption', { class: 'sr-only' }, 'Most common paths'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'num' }, '#'), h('th', { scope: 'col' }, 'Path'),
      h('th', { scope: 'col', class: 'num' }, 'Visits'), h('th', { scope: 'col', class: 'num' }, 'Share'))),
    h('tbody', null, a.paths.map((p, i) => h('tr', { key: i, 'data-path': p.steps.join(' → ') },
      h('td', { class: 'num muted', 'data-label': '#' }, i + 1),
      h('th', { scope: 'row', 'data-label': 'Path' }, h('span', { class: 'path-steps' },
        p.steps.map((s, j) => [j > 0 && h('span', { class: 'path-arrow', 'aria-hidden': 'true', key: 'a' + j }, '→'),
          h('span', { class: 'path-step' + (isAnchor(a, p, j) ? ' anchor' : ''), key: 's' + j, title: s }, s)]))),
      h('td', { class: 'num', 'data-label': 'Visits' }, fmt.int(p.visits)),
      h('td', { class: 'num', 'data-label': 'Share' }, percent(p.visits, a.visits))))));
}

const isAnchor = (a, p, j) => (a.direction === 'start' ? j === 0 : j === p.steps.length - 1);

/** Per step from the anchor: visits that reached it and those that dropped off before it. */
function DropOffs({ a }) {
  const word = a.direction === 'start' ? 'after' : 'before';
  return h('table', { class: 'table paths-dropoffs' },
    h('caption', { class: 'sr-only' }, 'Drop-off per step'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Step'), h('th', { scope: 'col', class: 'num' }, 'Visits'),
      h('th', { scope: 'col', class: 'num' }, 'Dropped off'))),
    h('tbody', null, a.positions.map((p) => h('tr', { key: p.position, 'data-position': p.position },
      h('th', { scope: 'row', 'data-label': 'Step' }, p.position === 1 ? a.anchor : (p.position - 1) + ' ' + word),
      h('td', { class: 'num', 'data-label': 'Visits' }, fmt.int(p.visits)),
      h('td', { class: 'num', 'data-label': 'Dropped off' }, p.position === 1 ? fmt.NONE : fmt.int(p.drop_off) + ' (' + percent(p.drop_off, a.visits) + ')')))));
}

function percent(n, total) {
  return total ? (Math.round((1000 * n) / total) / 10).toLocaleString('en-US') + '%' : fmt.NONE;
}

/**
 * The flow: a column per step, time running left to right (the anchor first for a start, last for
 * an end); each column's most visited names as boxes as tall as their visits, and links between
 * boxes of neighbouring columns as wide as the visits that went from one to the other.
 */
function Flow({ a, b }) {
  const columns = a.positions.filter((p) => p.visits > 0).length;
  if (columns < 2) return h('p', { class: 'muted' }, 'No visit went on from ', a.anchor, ' in this range.');
  const colOf = (position) => (a.direction === 'start' ? position - 1 : columns - position);
  // Box values: the anchor has every visit; another name the visits of the links reaching it from
  // the anchor's side.
  const boxes = new Map();
  const add = (position, name, visits) => {
    const k = position + '\u0000' + name;
    const x = boxes.get(k) || { position, name, visits: 0 };
    x.visits += visits;
    boxes.set(k, x);
  };
  add(1, a.anchor, 0);
  boxes.get(1 + '\u0000' + a.anchor).visits = a.visits;
  for (const e of a.edges) {
    const far = Math.max(e.from_position, e.to_position);
    if (far < 1 || far > columns) continue;
    add(far, far === e.to_position ? e.to : e.from, e.visits);
  }
  const W = 960;
  const H = 340;
  const BOX = 12;
  const GAP = 10;
  // Every column's names go right of its boxes; the last column's into a margin of their own, so
  // no two columns' names meet.
  const LABELS = 170;
  const colW = (W - 40 - BOX - LABELS) / (columns - 1);
  const scale = (H - GAP * (PER_COLUMN - 1)) / a.visits;
  const placed = new Map();
  const byCol = [];
  for (let c = 0; c < columns; c++) byCol.push([]);
  for (const x of boxes.values()) if (x.position <= columns) byCol[colOf(x.position)].push(x);
  let bottom = 0;
  byCol.forEach((list, c) => {
    list.sort((p, q) => q.visits - p.visits || (p.name < q.name ? -1 : 1));
    let y = 0;
    list.slice(0, PER_COLUMN).forEach((x) => {
      const height = Math.max(2, x.visits * scale);
      placed.set(x.position + '\u0000' + x.name, { ...x, x: 20 + c * colW, y, height, inY: y, outY: y });
      y += Math.max(height, 14) + GAP; // room for the name beside a thin box
      bottom = Math.max(bottom, y);
    });
  });
  const links = [];
  const sorted = [...a.edges].sort((p, q) => q.visits - p.visits);
  for (const e of sorted) {
    const from = placed.get(e.from_position + '\u0000' + e.from);
    const to = placed.get(e.to_position + '\u0000' + e.to);
    if (!from || !to) continue;
    const w = Math.max(1, e.visits * scale);
    const y1 = from.outY + w / 2;
    const y2 = to.inY + w / 2;
    from.outY += w;
    to.inY += w;
    const x1 = from.x + BOX;
    const x2 = to.x;
    const mid = (x1 + x2) / 2;
    links.push(h('path', {
      key: links.length, class: 'flow-link', 'stroke-width': w,
      d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
    }, h('title', null, e.from + ' → ' + e.to + ': ' + fmt.int(e.visits) + (e.visits === 1 ? ' visit' : ' visits'))));
  }
  const labels = [];
  const rects = [...placed.values()].map((x, i) => {
    const name = x.name.length > 20 ? x.name.slice(0, 19) + '…' : x.name;
    labels.push(h('text', {
      key: 't' + i, x: x.x + BOX + 6, y: x.y + Math.min(Math.max(x.height, 14), 28) / 2 + 4,
      'text-anchor': 'start', class: 'flow-label',
    }, name, ' ', h('tspan', { class: 'flow-count' }, fmt.int(x.visits))));
    return h('rect', { key: 'r' + i, x: x.x, y: x.y, width: BOX, height: x.height, rx: 2, class: 'flow-box' + (x.position === 1 ? ' anchor' : '') },
      h('title', null, x.name + ': ' + fmt.int(x.visits) + (x.visits === 1 ? ' visit' : ' visits')));
  });
  const heads = [];
  for (let c = 0; c < columns; c++) {
    const position = a.direction === 'start' ? c + 1 : columns - c;
    heads.push(h('text', { key: 'h' + c, x: 20 + c * colW, y: 12, class: 'flow-head', 'text-anchor': 'start' },
      position === 1 ? (b.dir === 'start' ? 'Start' : 'End') : 'Step ' + (position - 1) + (a.direction === 'start' ? ' after' : ' before')));
  }
  return h('figure', { class: 'paths-flow' },
    h('svg', { viewBox: `0 0 ${W} ${Math.ceil(bottom) + 30}`, role: 'img', 'aria-label': 'Flow of visits ' + (a.direction === 'start' ? 'from ' : 'to ') + a.anchor + ' over ' + columns + ' steps' },
      heads, h('g', { transform: 'translate(0, 24)' }, links, rects, labels)),
    h('figcaption', { class: 'muted' }, 'Each column is a step; boxes and links are as large as their visits. The ', PER_COLUMN, ' most visited names of each column are drawn.'));
}

/** The top paths as CSV: rank, one column per step, visits. */
function download(a, b, site) {
  const width = a.positions.length;
  const head = ['rank'];
  for (let i = 1; i <= width; i++) head.push('step ' + i);
  head.push('visits');
  const rows = a.paths.map((p, i) => {
    const row = [i + 1];
    for (let j = 0; j < width; j++) row.push(j < p.steps.length ? String(p.steps[j]) : '');
    row.push(p.visits);
    return row;
  });
  downloadCsv('paths-' + site.id + '-' + b.dir + '-' + b.range + '.csv', csvText(head, rows));
}
