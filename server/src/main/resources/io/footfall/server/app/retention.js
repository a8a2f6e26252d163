// Retention of a site's people over POST /api/retention (docs/metrics.md, "Retention"): each
// person's cohort is the period of their first start event in the range; a cohort's period k
// counts those who did the return event k periods later (or later, "on or after"). A triangle of
// percentages, one row per cohort, and the retention curve over all cohorts.
// Builder state in the URL: /sites/{id}/retention?range=30d&start=event:signup&return=event:login
//   &period=week&periods=8&mode=on (return empty: the start step again).
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { RANGES, navigate, urlWith } from './state.js';
import { useLoad, Skeleton, ErrorBox, Info } from './ui.js';
import * as fmt from './format.js';
import { csvText, downloadCsv } from './csv.js';
import { SaveInsight } from './insights.js';
import { SegmentPicker, segmentOfUrl } from './cohorts.js';

const KINDS = [['event', 'Event'], ['page', 'Page'], ['goal', 'Goal']];
const PERIODS = [['day', 'Days'], ['week', 'Weeks'], ['month', 'Months']];
const MODES = [['on', 'in that period'], ['on_or_after', 'in that period or later']];
const MAX_PERIODS = 60;
const DOCS = '/definitions#retention';

/**
 * Ready-made questions. Repeat purchases: of the people who bought (a purchase event) for the first
 * time in the range, the share who bought again in a later month, in it or after (docs/metrics.md).
 */
const PRESETS = [
  ['Repeat purchases', { start: 'event:purchase', return: 'event:purchase', period: 'month', periods: '6', mode: 'on_or_after', range: '12mo' }],
  ['Weekly active return', { start: 'event:pageview', return: null, period: 'week', periods: '8', mode: 'on', range: '91d' }],
];

const HELP = 'Each person belongs to the cohort of the period of their first start event in the range. '
  + 'Period N shows how many of the cohort did the return event N periods later. '
  + 'Counted per person (user id, with linked visitors); cookieless visitors are never people.';

/** The builder's state from the URL, with defaults. */
function builder() {
  const p = new URLSearchParams(location.search);
  const periods = Number(p.get('periods'));
  return {
    range: p.get('range') || '91d',
    start: step(p.get('start') || 'event:pageview'),
    ret: p.get('return') ? step(p.get('return')) : null,
    period: PERIODS.some(([x]) => x === p.get('period')) ? p.get('period') : 'week',
    periods: Number.isInteger(periods) && periods >= 1 && periods <= MAX_PERIODS ? periods : 8,
    mode: p.get('mode') === 'on_or_after' ? 'on_or_after' : 'on',
    breakdown: p.get('breakdown') === 'source' || /^property:[A-Za-z0-9_.$-]{1,64}$/.test(p.get('breakdown') || '') ? p.get('breakdown') : '',
  };
}

/** A step from its URL text, kind:value. */
function step(text) {
  const i = text.indexOf(':');
  const kind = i > 0 ? text.slice(0, i) : 'event';
  return { kind: KINDS.some(([k]) => k === kind) ? kind : 'event', value: i > 0 ? text.slice(i + 1) : text };
}

const stepText = (s) => s.kind + ':' + s.value;
const stepBody = (s) => ({ [s.kind]: s.value });
const stepLabel = (s) => (s.kind === 'page' ? 'viewed ' + s.value : s.kind === 'goal' ? 'completed ' + s.value : 'did ' + s.value);

export function Retention({ site, role }) {
  const b = builder();
  const key = site.id + '|' + location.search;
  const answer = useLoad(() => api('POST', '/api/retention', {
    site_id: site.id,
    date_range: b.range,
    start: stepBody(b.start),
    return: b.ret ? stepBody(b.ret) : undefined,
    period: b.period,
    periods: b.periods,
    mode: b.mode,
    breakdown: b.breakdown || undefined,
    ...segmentOfUrl(),
  }), key);
  if (answer.error && answer.error.status === 403) return h(RoleCannot, { role });
  let body;
  if (answer.error) body = h(ErrorBox, { error: answer.error, retry: answer.error.status === 400 ? null : answer.retry });
  else if (!answer.data) body = h(Skeleton, { lines: 8, height: '1.6rem' });
  else if (!answer.data.cohorts.length) body = h(NoCohorts, { b });
  else body = h(Result, { data: answer.data, b, loading: answer.loading });
  return h('div', { class: 'retention' },
    h('div', { class: 'people-head' },
      h('h1', null, 'Retention ', h(Info, { text: HELP, label: 'retention' })),
      h(SegmentPicker, { site }),
      h(SaveInsight, { site, role, kind: 'retention', suggest: 'Retention: ' + stepLabel(b.start) + (b.ret ? ', then ' + stepLabel(b.ret) : '') })),
    h('p', { class: 'muted people-lead' }, 'Who comes back to ', site.name, ', by the period they started in. Periods in the site’s time zone (',
      site.timezone || site.time_zone || 'UTC', '); weeks start on Monday.'),
    // Keyed by the URL: back and forward bring the fields in line with the answer shown.
    h(Builder, { b, key: location.search }),
    body);
}

/** What a role without READ_PEOPLE (a viewer) sees instead: the API answered 403. */
function RoleCannot({ role }) {
  return h('section', { class: 'card empty-site', role: 'alert' },
    h('h2', null, 'Your role cannot see retention'),
    h('p', null, 'Retention counts people, which are shown to owners, admins and analysts. Your role in this organization is ', role || 'none', '.'));
}

function NoCohorts({ b }) {
  return h('section', { class: 'card retention-empty' },
    h('h2', null, 'No one to follow'),
    h('p', null, 'No person ', stepLabel(b.start), ' in this range. Retention counts people: events need a user id (',
      h('code', null, 'actor.user_id'), ' or identify); cookieless visitors are never people. ',
      h('a', { href: DOCS, target: '_blank', rel: 'noopener' }, 'How retention is counted')));
}

/** The builder: range, start and return steps, period, how many, and how returns count. */
function Builder({ b }) {
  const [start, setStart] = useState(b.start);
  const [ret, setRet] = useState(b.ret || { kind: 'event', value: '' });
  const [period, setPeriod] = useState(b.period);
  const [periods, setPeriods] = useState(String(b.periods));
  const [mode, setMode] = useState(b.mode);
  const [range, setRange] = useState(b.range);
  const [breakdown, setBreakdown] = useState(b.breakdown.startsWith('property:') ? 'property' : b.breakdown);
  const [property, setProperty] = useState(b.breakdown.startsWith('property:') ? b.breakdown.slice('property:'.length) : '');
  const submit = (e) => {
    e.preventDefault();
    navigate(urlWith({
      range,
      start: stepText({ kind: start.kind, value: start.value.trim() || 'pageview' }),
      return: ret.value.trim() ? stepText({ kind: ret.kind, value: ret.value.trim() }) : null,
      period,
      periods,
      mode,
      breakdown: breakdown === 'property' ? 'property:' + property.trim() : breakdown,
    }));
  };
  return h('form', { class: 'card retention-builder', onSubmit: submit, 'aria-label': 'Retention query' },
    h(StepField, { id: 'retention-start', label: 'Start: first time a person', value: start, onChange: setStart, required: true }),
    h(StepField, { id: 'retention-return', label: 'Return: comes back and', value: ret, onChange: setRet, placeholder: 'the start step again' }),
    h('label', { class: 'field' }, h('span', null, 'Cohorts in'),
      h('select', { id: 'retention-range', value: range, onChange: (e) => setRange(e.target.value) },
        RANGES.map(([k, label]) => h('option', { value: k, key: k }, label)))),
    h('label', { class: 'field' }, h('span', null, 'Period'),
      h('select', { id: 'retention-period', value: period, onChange: (e) => setPeriod(e.target.value) },
        PERIODS.map(([k, label]) => h('option', { value: k, key: k }, label)))),
    h('label', { class: 'field retention-count' }, h('span', null, 'How many'),
      h('input', { id: 'retention-periods', type: 'number', min: 1, max: MAX_PERIODS, step: 1, required: true, value: periods, onInput: (e) => setPeriods(e.target.value) })),
    h('label', { class: 'field' }, h('span', null, 'Counts a return'),
      h('select', { id: 'retention-mode', value: mode, onChange: (e) => setMode(e.target.value) },
        MODES.map(([k, label]) => h('option', { value: k, key: k }, label)))),
    h('label', { class: 'field' }, h('span', null, 'Split by'),
      h('select', { id: 'retention-breakdown', value: breakdown, onChange: (e) => setBreakdown(e.target.value) },
        h('option', { value: '' }, 'Nothing'),
        h('option', { value: 'source' }, 'Source of the start'),
        h('option', { value: 'property' }, 'Person property'))),
    breakdown === 'property' && h('label', { class: 'field' }, h('span', null, 'Property'),
      h('input', {
        id: 'retention-property', value: property, required: true, pattern: '[A-Za-z0-9_.$\\-]{1,64}', maxLength: 64,
        placeholder: 'plan', autocomplete: 'off', spellcheck: false, onInput: (e) => setProperty(e.target.value),
      })),
    h('button', { type: 'submit', class: 'button primary' }, 'Show retention'),
    h('p', { class: 'retention-presets' }, h('span', { class: 'muted' }, 'Presets: '),
      PRESETS.map(([label, state]) => h('button', {
        type: 'button', class: 'button small ghost', key: label, onClick: () => navigate(urlWith(state)),
      }, label))));
}

function StepField({ id, label, value, onChange, required, placeholder }) {
  return h('fieldset', { class: 'field step-field' },
    h('legend', null, label),
    h('select', { id: id + '-kind', 'aria-label': label + ': kind', value: value.kind, onChange: (e) => onChange({ ...value, kind: e.target.value }) },
      KINDS.map(([k, name]) => h('option', { value: k, key: k }, name))),
    h('input', {
      id, 'aria-label': label + ': ' + value.kind + (value.kind === 'page' ? ' path pattern' : ' name'), value: value.value, required,
      placeholder: placeholder || (value.kind === 'page' ? '/blog/*' : value.kind === 'goal' ? 'goal name' : 'event name'),
      maxLength: 500, autocomplete: 'off', spellcheck: false, onInput: (e) => onChange({ ...value, value: e.target.value }),
    }));
}

/** A value's period has not begun yet (its first day is after today in the site's zone). */
const notBegun = (v, today) => v.start > today;

function Result({ data, b, loading }) {
  const today = data.meta.now.slice(0, 10);
  const people = data.cohorts.reduce((n, c) => n + c.size, 0);
  const periods = new Set(data.cohorts.map((c) => c.cohort)).size;
  const groups = new Set(data.cohorts.map((c) => c.group)).size;
  const unit = { day: ['Day', 'days'], week: ['Week', 'weeks'], month: ['Month', 'months'] }[data.period];
  return h('div', { class: 'retention-result' + (loading ? ' refreshing' : '') },
    h('p', { class: 'retention-summary', role: 'status' },
      fmt.int(people), people === 1 ? ' person' : ' people', ' ', stepLabel(b.start), ' first in the range, in ',
      fmt.int(periods), periods === 1 ? ' cohort' : ' cohorts',
      data.breakdown === 'none' ? '' : ', in ' + groups + (groups === 1 ? ' group' : ' groups'), '; returning means: ', data.return,
      data.mode === 'on_or_after' ? ' in that ' + unit[0].toLowerCase() + ' or later' : '', '.'),
    h('section', { class: 'card retention-curve-card', 'aria-labelledby': 'retention-curve-title' },
      h('h2', { id: 'retention-curve-title' }, 'Retention curve'),
      h(Curve, { data, today, unit })),
    h('section', { class: 'card retention-table-card', 'aria-labelledby': 'retention-table-title' },
      h('div', { class: 'retention-table-head' },
        h('h2', { id: 'retention-table-title' }, 'Cohorts'),
        h('button', { type: 'button', class: 'button small', onClick: () => download(data) }, 'Download CSV')),
      h('div', { class: 'table-wrap' }, h(Triangle, { data, today, unit })),
      h('p', { class: 'muted retention-legend' },
        h('span', { class: 'cell-sample incomplete' }, '12 %*'), ' not over yet: the value may still grow. ',
        'Blank: the period has not begun. Hover a cell for the number of people.')));
}

/**
 * The share of the cohorts' people counted in period k: over the cohorts whose value k is final;
 * when none is yet, over those whose period k has begun, marked as not final (open).
 */
function curve(data, today) {
  const points = [];
  for (let k = 0; k <= data.periods; k++) {
    const sum = (keep) => data.cohorts.filter((c) => keep(c.values[k])).reduce(
      (acc, c) => ({ size: acc.size + c.size, people: acc.people + c.values[k].people }), { size: 0, people: 0 });
    let t = sum((v) => v.complete);
    let complete = true;
    if (!t.size) {
      t = sum((v) => !notBegun(v, today));
      complete = false;
    }
    points.push(t.size ? { k, rate: t.people / t.size, people: t.people, size: t.size, complete } : null);
  }
  return points;
}

/** The retention curve: an SVG line over periods 0 to N, dashed where a period is not over. */
function Curve({ data, today, unit }) {
  const points = curve(data, today);
  // Drawn at the figure's own width, so that text and dots keep their shape.
  const box = useRef(null);
  const [W, setW] = useState(640);
  useEffect(() => {
    const el = box.current;
    const fit = () => el && setW(Math.max(280, Math.round(el.clientWidth)));
    fit();
    const watch = typeof ResizeObserver === 'function' ? new ResizeObserver(fit) : null;
    if (watch) watch.observe(el);
    return () => watch && watch.disconnect();
  }, []);
  const H = 220;
  const L = 44;
  const R = 12;
  const T = 12;
  const B = 30;
  const x = (k) => L + (data.periods ? (k / data.periods) * (W - L - R) : 0);
  const y = (rate) => T + (1 - rate) * (H - T - B);
  const shown = points.filter(Boolean);
  const path = (list) => list.map((p, i) => (i ? 'L' : 'M') + x(p.k).toFixed(1) + ' ' + y(p.rate).toFixed(1)).join(' ');
  const firstOpen = shown.findIndex((p) => !p.complete);
  const done = firstOpen < 0 ? shown : shown.slice(0, firstOpen + 1);
  const open = firstOpen < 0 ? [] : shown.slice(Math.max(0, firstOpen - 1));
  const step = Math.max(1, Math.ceil((data.periods + 1) / 12));
  const description = shown.map((p) => unit[0] + ' ' + p.k + ': ' + fmt.pct(p.rate * 100)).join(', ');
  return h('figure', { class: 'retention-curve', ref: box },
    h('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': 'Retention curve. ' + description },
      [0, 0.25, 0.5, 0.75, 1].map((r) => h('g', { key: 'g' + r },
        h('line', { x1: L, x2: W - R, y1: y(r), y2: y(r), class: 'grid' }),
        h('text', { x: L - 6, y: y(r) + 4, class: 'axis', 'text-anchor': 'end' }, Math.round(r * 100) + ' %'))),
      points.map((p, k) => (k % step === 0 ? h('text', { key: 'x' + k, x: x(k), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, String(k)) : null)),
      done.length > 1 && h('path', { d: path(done), class: 'line' }),
      open.length > 1 && h('path', { d: path(open), class: 'line open' }),
      shown.map((p) => h('circle', { key: 'c' + p.k, cx: x(p.k), cy: y(p.rate), r: 3.5, class: p.complete ? 'dot' : 'dot open', 'data-period': p.k, 'data-rate': p.rate.toFixed(4) },
        h('title', null, unit[0] + ' ' + p.k + ': ' + fmt.int(p.people) + ' of ' + fmt.int(p.size) + ' (' + fmt.pct(p.rate * 100) + ')' + (p.complete ? '' : ', not over yet'))))),
    h('figcaption', { class: 'muted' }, 'Share of the cohorts’ people counted in each ', unit[0].toLowerCase(), ' after their start (',
      unit[1], ' on the axis), over the cohorts for which that ', unit[0].toLowerCase(), ' is over; dashed and hollow: none is over yet, so far.'));
}

/** The triangle: one row per cohort, its size, and the share counted in each period. */
function Triangle({ data, today, unit }) {
  const ks = [];
  for (let k = 0; k <= data.periods; k++) ks.push(k);
  const split = data.breakdown !== 'none';
  const groupName = data.breakdown === 'source' ? 'Source' : data.breakdown.slice('property:'.length);
  return h('table', { class: 'table retention-table' },
    h('thead', null, h('tr', null,
      split && h('th', { scope: 'col' }, groupName),
      h('th', { scope: 'col' }, 'Cohort'),
      h('th', { scope: 'col', class: 'num' }, 'People'),
      ks.map((k) => h('th', { scope: 'col', class: 'num', key: k }, unit[0] + ' ' + k)))),
    h('tbody', null, data.cohorts.map((c) => h('tr', { key: (c.group || '') + '|' + c.cohort, 'data-cohort': c.cohort, 'data-group': split ? c.group : null },
      split && h('td', { class: 'group' }, c.group),
      h('th', { scope: 'row' }, cohortLabel(c.cohort, data.period)),
      h('td', { class: 'num' }, fmt.int(c.size)),
      c.values.map((v) => h(Cell, { v, size: c.size, today, unit, key: v.period }))))));
}

function Cell({ v, size, today, unit }) {
  if (notBegun(v, today)) return h('td', { class: 'num cell empty-cell', 'data-period': v.period }, '');
  const rate = size ? v.people / size : 0;
  const title = fmt.int(v.people) + ' of ' + fmt.int(size) + ' people in ' + unit[0].toLowerCase() + ' ' + v.period
    + ' (from ' + v.start + ')' + (v.complete ? '' : ', not over yet');
  return h('td', {
    class: 'num cell' + (v.complete ? '' : ' incomplete'),
    // At most 0.6 of the accent under dark text: readable (WCAG AA) at every share.
    style: { backgroundColor: 'rgba(79, 70, 229, ' + (0.05 + rate * 0.55).toFixed(3) + ')' },
    title,
    'data-period': v.period,
    'data-people': v.people,
  }, fmt.pct(rate * 100).replace(/\.0 %$/, ' %'), v.complete ? '' : '*');
}

function cohortLabel(date, period) {
  const d = new Date(date + 'T00:00:00Z');
  if (period === 'month') return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const day = d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return period === 'week' ? 'Week of ' + day : day;
}

/** The answer as CSV, one line per cohort and period, downloaded by the browser. */
function download(data) {
  const rows = [];
  for (const c of data.cohorts) {
    for (const v of c.values) rows.push([c.cohort, c.size, v.period, v.start, v.people, v.rate, v.complete, data.unit, data.mode, c.group || '']);
  }
  const head = ['cohort', 'size', 'period', 'period_start', 'people', 'rate', 'complete', 'unit', 'mode', 'group'];
  downloadCsv('retention-' + data.period + '-' + data.meta.date_range[0].slice(0, 10) + '.csv', csvText(head, rows));
}
