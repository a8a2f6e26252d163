// Funnels over POST /api/funnels: a builder of 2 to 10 steps (an event, a page pattern or a goal),
// the window, whose progress (people or visits), the order and the date range, and bars of how many
// reached each step with the conversion, the drop-off and the median time from the previous step;
// with a breakdown, a table of the same steps per value of a dimension on step 1 (source, country,
// device, page, a property...) or, for a funnel of people, per current value of a person property
// (breakdown=property:plan, as retention takes it), each with a bar of its conversion.
// State in the URL, so that a funnel can be shared and the back button works:
//   /sites/{id}/funnels?step=event:signup&step=page:/pricing&step=goal:Purchase&window=86400
//   &unit=person&order=ordered&range=30d&compare=previous_period&breakdown=visit:source
//   &segment=<cohort id> (only a cohort's members) &insight=<id> (opened from a saved insight)
// The answer downloads as CSV (built here from the answer the page shows).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, get } from './api.js';
import { navigate, RANGES, rangeLabel } from './state.js';
import { useLoad, Skeleton, ErrorBox, Info } from './ui.js';
import * as fmt from './format.js';
import { csvText, downloadCsv } from './csv.js';
import { SaveInsight } from './insights.js';
import { SegmentPicker, CohortNotice } from './cohorts.js';

const KINDS = [['event', 'Event'], ['page', 'Page'], ['goal', 'Goal']];
const WINDOWS = [[3600, '1 hour'], [86400, '1 day'], [604800, '7 days'], [2592000, '30 days']];
const ORDERS = [['ordered', 'In order'], ['strict', 'Strictly in order'], ['any', 'Any order']];
// What a funnel may be split by: dimensions with one value on the step-1 event (docs/metrics.md).
const BREAKDOWNS = [
  ['', 'Nothing'], ['visit:source', 'Source'], ['visit:medium', 'Medium'], ['visit:utm_campaign', 'Campaign'],
  ['visit:referrer', 'Referrer'], ['visit:country', 'Country'], ['visit:region', 'Region'], ['visit:city', 'City'],
  ['visit:device', 'Device'], ['visit:browser', 'Browser'], ['visit:os', 'Operating system'], ['visit:screen', 'Screen'],
  ['event:page', 'Page of step 1'], ['event:hostname', 'Host name'], ['event:name', 'Event name'], ['props', 'Property…'],
];
// A person's current property value (funnels of people only); its keys are suggested from the people list.
const PERSON_CHOICE = ['person', 'Person property…'];
const PROPS = 'event:props:';
const PERSON = 'property:';
const MIN_STEPS = 2;
const MAX_STEPS = 10;
const FUNNEL_DOCS = '/definitions#funnels';

const HELP = 'Each step-1 event in the date range starts an attempt; later steps count when they happen within the window after it, '
  + 'even after the range ends. Each person (or visit) counts once, by the attempt that got furthest.';

/** The funnel the URL describes. */
function fromUrl(peopleReader) {
  const p = new URLSearchParams(location.search);
  const steps = p.getAll('step').map((s) => {
    const colon = s.indexOf(':');
    return colon < 0 ? { kind: 'event', value: s } : { kind: s.slice(0, colon), value: s.slice(colon + 1) };
  });
  return {
    steps,
    window: Number(p.get('window')) || 86400,
    unit: p.get('unit') || (peopleReader ? 'person' : 'visit'),
    order: p.get('order') || 'ordered',
    range: p.get('range') || '30d',
    compare: p.get('compare') === 'previous_period',
    breakdown: p.get('breakdown') || '',
    segment: p.get('segment') || '',
    insight: p.get('insight') || '',
  };
}

/** The URL parameters of a funnel. */
function toUrl(f) {
  const p = new URLSearchParams();
  f.steps.forEach((s) => p.append('step', s.kind + ':' + s.value));
  p.set('window', String(f.window));
  p.set('unit', f.unit);
  p.set('order', f.order);
  p.set('range', f.range);
  if (f.compare) p.set('compare', 'previous_period');
  if (f.breakdown) p.set('breakdown', f.breakdown);
  if (f.segment) p.set('segment', f.segment);
  if (f.insight) p.set('insight', f.insight);
  return location.pathname + '?' + p.toString();
}

function requestOf(site, f) {
  return {
    site_id: site.id,
    date_range: f.range,
    steps: f.steps.map((s) => ({ [s.kind]: s.value })),
    window_seconds: f.window,
    unit: f.unit,
    order: f.order,
    compare: f.compare ? 'previous_period' : null,
    breakdown: f.breakdown || null,
    segment: f.segment || null,
  };
}

export function Funnels({ site, role, peopleReader }) {
  const funnel = fromUrl(peopleReader);
  const key = site.id + '|' + location.search;
  const ready = funnel.steps.length >= MIN_STEPS && funnel.steps.every((s) => s.value.trim());
  return h('div', { class: 'funnels' },
    h('div', { class: 'people-head' },
      h('h1', null, 'Funnels ', h(Info, { text: HELP, label: 'a funnel' })),
      peopleReader && h(SegmentPicker, { site, peopleReader }),
      ready && h(SaveInsight, { site, role, kind: 'funnels', suggest: funnel.steps.map((s) => s.value).join(' → ') })),
    h(Builder, { site, funnel, peopleReader, key: 'b|' + key }),
    ready
      ? h(Answer, { site, role, funnel, key })
      : h('section', { class: 'card funnel-card' },
        h('div', { class: 'people-empty' },
          h('h2', null, 'Build a funnel'),
          h('p', null, 'Add at least two steps: an event name (signup), a page (/pricing, /blog/*) or one of the site’s goals. ',
            h('a', { href: FUNNEL_DOCS, target: '_blank', rel: 'noopener' }, 'How funnels are counted')),
          h(GoalsExample, { site, funnel }))));
}

/**
 * An empty builder's example: the site's first goals (two or three, in the site's order) as the
 * steps, everything else as the URL has it; nothing when the site has fewer than two goals.
 */
function GoalsExample({ site, funnel }) {
  const goals = useLoad(() => get('/api/admin/sites/' + encodeURIComponent(site.id) + '/goals').catch(() => []), 'goals|' + site.id);
  const first = (goals.data || []).slice(0, 3);
  if (first.length < MIN_STEPS) return null;
  const href = toUrl({ ...funnel, steps: first.map((g) => ({ kind: 'goal', value: g.name })) });
  return h('p', { class: 'funnel-example' }, 'Or start from the site’s goals: ',
    h('a', { href, id: 'funnel-goals-example' }, first.map((g) => g.name).join(' → ')), '.');
}

function Builder({ site, funnel, peopleReader }) {
  const [draft, setDraft] = useState(() => ({
    ...funnel,
    steps: funnel.steps.length ? funnel.steps : [{ kind: 'event', value: '' }, { kind: 'event', value: '' }],
  }));
  const set = (changes) => setDraft((d) => ({ ...d, ...changes }));
  const setStep = (i, changes) => set({ steps: draft.steps.map((s, j) => (i === j ? { ...s, ...changes } : s)) });
  const submit = (e) => {
    e.preventDefault();
    navigate(toUrl({ ...draft, steps: draft.steps.map((s) => ({ ...s, value: s.value.trim() })) }));
  };
  return h('form', { class: 'card funnel-builder', onSubmit: submit, 'aria-label': 'Funnel steps' },
    h('ol', { class: 'funnel-steps' }, draft.steps.map((s, i) => h('li', { key: i, class: 'funnel-step' },
      h('label', { class: 'sr-only', for: 'step-kind-' + i }, 'Step ' + (i + 1) + ' kind'),
      h('select', { id: 'step-kind-' + i, value: s.kind, onChange: (e) => setStep(i, { kind: e.target.value }) },
        KINDS.map(([v, label]) => h('option', { value: v, key: v }, label))),
      h('label', { class: 'sr-only', for: 'step-value-' + i }, 'Step ' + (i + 1)),
      h('input', {
        id: 'step-value-' + i, value: s.value, required: true, maxLength: 500, autocomplete: 'off',
        placeholder: s.kind === 'page' ? '/pricing' : s.kind === 'goal' ? 'Goal name' : 'Event name',
        onInput: (e) => setStep(i, { value: e.target.value }),
      }),
      draft.steps.length > MIN_STEPS && h('button', {
        type: 'button', class: 'button small ghost', 'aria-label': 'Remove step ' + (i + 1),
        onClick: () => set({ steps: draft.steps.filter((x, j) => j !== i) }),
      }, 'Remove')))),
    h('div', { class: 'funnel-options' },
      draft.steps.length < MAX_STEPS && h('button', {
        type: 'button', class: 'button small', onClick: () => set({ steps: draft.steps.concat([{ kind: 'event', value: '' }]) }),
      }, 'Add step'),
      option('Within', 'funnel-window', draft.window, WINDOWS, (v) => set({ window: Number(v) })),
      // A visit has no person: choosing visits drops a split by a person property.
      option('Count', 'funnel-unit', draft.unit, [['person', 'People'], ['visit', 'Visits']],
        (v) => set({ unit: v, breakdown: v === 'visit' && draft.breakdown.startsWith(PERSON) ? '' : draft.breakdown })),
      option('Order', 'funnel-order', draft.order, ORDERS, (v) => set({ order: v })),
      option('Range', 'funnel-range', draft.range, RANGES, (v) => set({ range: v })),
      breakdownField(draft.breakdown, (v) => set({ breakdown: v }), draft.unit === 'person' && peopleReader),
      draft.breakdown.startsWith(PERSON) && peopleReader && h(PersonKeys, { site }),
      h('label', { class: 'check' },
        h('input', { type: 'checkbox', checked: draft.compare, onChange: (e) => set({ compare: e.target.checked }) }),
        ' Compare with the previous period'),
      h('button', { type: 'submit', class: 'button primary' }, 'Show funnel')),
    !peopleReader && draft.unit === 'person' && h('p', { class: 'muted' }, 'Funnels of people are shown to owners, admins and analysts; count visits instead.'));
}

/**
 * The breakdown's select, and for an event property or a person property its key; person properties
 * are offered for funnels of people only (a visit has no person).
 */
function breakdownField(value, onChange, people) {
  const person = value.startsWith(PERSON);
  const property = value.startsWith(PROPS);
  const prefix = person ? PERSON : PROPS;
  const choice = property ? 'props' : person ? 'person' : value;
  const choices = people ? BREAKDOWNS.concat([PERSON_CHOICE]) : BREAKDOWNS;
  const known = choices.some(([v]) => v === choice);
  return h('span', { class: 'inline-field', key: 'funnel-breakdown' },
    h('label', { for: 'funnel-breakdown' }, 'Split by '),
    h('select', {
      id: 'funnel-breakdown', value: choice,
      onChange: (e) => onChange(e.target.value === 'props' ? PROPS : e.target.value === 'person' ? PERSON : e.target.value),
    }, (known ? choices : choices.concat([[choice, value]])).map(([v, l]) => h('option', { value: v, key: v }, l))),
    (property || person) && h('label', { class: 'sr-only', for: 'funnel-breakdown-key' }, person ? 'Person property' : 'Property key'),
    (property || person) && h('input', {
      id: 'funnel-breakdown-key', value: value.slice(prefix.length), required: true, maxLength: 64,
      pattern: person ? '[A-Za-z0-9_.$\\-]{1,64}' : null, list: person ? 'funnel-person-keys' : null,
      placeholder: 'plan', autocomplete: 'off', class: 'funnel-key',
      onInput: (e) => onChange(prefix + e.target.value.trim()),
    }));
}

/**
 * The person property keys to suggest: those of the most recently seen people (the people list's
 * first page), the most common first.
 */
function PersonKeys({ site }) {
  const load = useLoad(() => api('GET', '/api/people?site_id=' + encodeURIComponent(site.id) + '&limit=200'), site.id);
  const counts = new Map();
  ((load.data && load.data.results) || []).forEach((p) => Object.keys(p.properties || {}).forEach((k) => counts.set(k, (counts.get(k) || 0) + 1)));
  const keys = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return h('datalist', { id: 'funnel-person-keys' },
    keys.map(([k, n]) => h('option', { key: k, value: k }, fmt.int(n) + (n === 1 ? ' person' : ' people'))));
}

function option(label, id, value, choices, onChange) {
  const known = choices.some(([v]) => String(v) === String(value));
  return h('label', { class: 'inline-field', for: id, key: id },
    label + ' ',
    h('select', { id, value, onChange: (e) => onChange(e.target.value) },
      (known ? choices : choices.concat([[value, String(value) + ' s']])).map(([v, l]) => h('option', { value: v, key: v }, l))));
}

function Answer({ site, role, funnel }) {
  const load = useLoad(() => api('POST', '/api/funnels', requestOf(site, funnel)), site.id + '|' + location.search);
  let body;
  if (load.error && load.error.status === 403 && funnel.segment) {
    body = h(CohortNotice, { what: 'funnel', role });
  } else if (load.error && load.error.status === 403) {
    body = h('div', { class: 'people-empty', role: 'alert' },
      h('h2', null, 'Your role cannot see funnels of people'),
      h('p', null, 'Funnels of people follow identified users and are shown to owners, admins and analysts. Your role is ', role || 'none',
        '. Choose “Visits” to count visits instead.'));
  } else if (load.error) {
    body = h(ErrorBox, { error: load.error, retry: load.retry });
  } else if (!load.data) {
    body = h(Skeleton, { lines: funnel.steps.length, height: '2.4rem' });
  } else if (load.data.steps[0].count === 0) {
    body = h('div', { class: 'people-empty' },
      h('h2', null, 'Nobody started this funnel'),
      h('p', null, 'No ', load.data.unit === 'person' ? 'person' : 'visit', ' did step 1 (', funnel.steps[0].value, ') in this date range.'));
  } else {
    body = h('div', null,
      h(Bars, { answer: load.data, funnel }),
      load.data.breakdown && h(Groups, { answer: load.data }));
  }
  return h('section', { class: 'card funnel-card' + (load.loading && load.data ? ' refreshing' : ''), 'aria-label': 'Funnel', 'aria-busy': load.loading ? 'true' : 'false' },
    body,
    load.data && load.data.steps[0].count > 0 && h('footer', { class: 'list-foot' },
      h('span', { class: 'muted' }, 'Counting ', load.data.unit === 'person' ? 'people' : 'visits', ', ', rangeLabel(funnel.range).toLowerCase(), '.'),
      h('button', { type: 'button', class: 'button small', onClick: () => downloadCsv('funnel-' + site.id + '.csv', csv(load.data)) }, 'Download CSV')));
}

function Bars({ answer }) {
  const first = answer.steps[0].count;
  const before = answer.comparison ? answer.comparison.steps : null;
  return h('ol', { class: 'funnel-bars' }, answer.steps.map((s, i) => h('li', { key: i, class: 'funnel-bar', 'data-step': i + 1 },
    h('div', { class: 'funnel-bar-head' },
      h('span', { class: 'funnel-label' }, (i + 1) + '. ', s.label),
      h('span', { class: 'funnel-count' }, fmt.int(s.count), ' ', answer.unit === 'person' ? (s.count === 1 ? 'person' : 'people') : (s.count === 1 ? 'visit' : 'visits'))),
    h('div', { class: 'funnel-track', role: 'img', 'aria-label': fmt.pct(s.conversion_from_first * 100) + ' of step 1' },
      h('div', { class: 'funnel-fill', style: { width: (first ? (100 * s.count) / first : 0) + '%' } })),
    h('div', { class: 'funnel-bar-foot muted' },
      h('span', { class: 'funnel-conversion' }, fmt.pct(s.conversion_from_first * 100), ' of step 1'),
      i > 1 && h('span', null, ' · ', fmt.pct(s.conversion_from_previous * 100), ' of step ', i),
      i > 0 && h('span', { class: 'funnel-dropped' }, ' · ', fmt.int(s.dropped), ' dropped'),
      s.median_seconds !== null && h('span', null, ' · median ', fmt.duration(s.median_seconds), ', 90% within ', fmt.duration(s.p90_seconds)),
      before && h('span', { class: 'funnel-before' }, ' · previous period ', fmt.int(before[i].count))))));
}

/** The name a dimension goes by in the table's head. */
function dimensionLabel(dimension) {
  if (dimension.startsWith(PROPS)) return 'Property ' + dimension.slice(PROPS.length);
  if (dimension.startsWith(PERSON)) return 'Person property ' + dimension.slice(PERSON.length);
  const known = BREAKDOWNS.find(([v]) => v === dimension);
  return known ? known[1] : dimension;
}

/**
 * The breakdown: one row per value of the dimension on step 1, with each step's count and its share
 * of the group's step 1, and a bar of the whole funnel's conversion in the group.
 */
function Groups({ answer }) {
  const b = answer.breakdown;
  const last = answer.steps.length - 1;
  const shown = b.groups.reduce((sum, g) => sum + g.steps[0].count, 0);
  const rest = answer.steps[0].count - shown;
  return h('div', { class: 'funnel-groups' },
    h('h2', null, 'By ', dimensionLabel(b.dimension).toLowerCase(), b.dimension.startsWith(PERSON) ? ' (current value)' : ' on step 1'),
    b.groups.length === 0
      ? h('p', { class: 'muted' }, 'No values.')
      : h('div', { class: 'table-wrap' },
        h('table', { class: 'table funnel-table' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, dimensionLabel(b.dimension)),
            answer.steps.map((s, i) => h('th', { scope: 'col', key: i, class: 'num' }, (i + 1) + '. ', s.label)),
            h('th', { scope: 'col', class: 'funnel-conv-head' }, 'Converted'))),
          h('tbody', null, b.groups.map((g) => h('tr', { key: g.value, class: 'funnel-group', 'data-value': g.value },
            h('th', { scope: 'row', class: 'funnel-value' }, g.value),
            g.steps.map((s, i) => h('td', { key: i, class: 'num funnel-cell' },
              h('span', { class: 'funnel-group-count' }, fmt.int(s.count)),
              i > 0 && h('span', { class: 'muted funnel-group-pct' }, ' ', fmt.pct(s.conversion_from_first * 100)),
              i > 0 && s.median_seconds !== null && h('span', { class: 'muted funnel-group-median' }, ' · ', fmt.duration(s.median_seconds)))),
            h('td', { class: 'funnel-conv' },
              h('div', { class: 'funnel-track small', role: 'img', 'aria-label': fmt.pct(g.steps[last].conversion_from_first * 100) + ' converted' },
                h('div', { class: 'funnel-fill', style: { width: (100 * g.steps[last].conversion_from_first) + '%' } })),
              h('span', { class: 'funnel-conv-pct' }, fmt.pct(g.steps[last].conversion_from_first * 100)))))))),
    rest > 0 && h('p', { class: 'muted funnel-rest' }, 'Showing the ', b.groups.length, ' values with most at step 1; ',
      fmt.int(rest), ' more ', answer.unit === 'person' ? 'people' : 'visits', ' started with other values.'));
}

/**
 * The cart abandonment preset: viewed the cart, started checkout, bought (the site's first event
 * goal, else the event purchase), within an hour; who dropped shows in the bars' drop-off.
 */
export function cartAbandonmentHref(site, goals) {
  const bought = (goals || []).find((g) => g.type === 'event');
  const p = new URLSearchParams();
  p.append('step', 'page:/cart');
  p.append('step', 'page:/checkout');
  p.append('step', bought ? 'goal:' + bought.name : 'event:purchase');
  p.set('window', '3600');
  p.set('order', 'ordered');
  p.set('range', '30d');
  return '/sites/' + encodeURIComponent(site.id) + '/funnels?' + p.toString();
}

/**
 * The answer as CSV, one row per step (and the previous period's count when compared); with a
 * breakdown, then one row per group and step, the group's value in a last column (empty for the
 * whole funnel's rows).
 */
export function csv(answer) {
  const head = ['step', 'label', 'count', 'conversion_from_first', 'conversion_from_previous', 'dropped', 'median_seconds', 'p90_seconds'];
  if (answer.comparison) head.push('previous_count');
  if (answer.breakdown) head.push(answer.breakdown.dimension);
  const line = (s, i, before, value) => {
    const row = [i + 1, s.label, s.count, s.conversion_from_first, s.conversion_from_previous, s.dropped, s.median_seconds, s.p90_seconds];
    if (answer.comparison) row.push(before);
    if (answer.breakdown) row.push(value);
    return row;
  };
  const rows = answer.steps.map((s, i) => line(s, i, answer.comparison ? answer.comparison.steps[i].count : null, ''));
  if (answer.breakdown) {
    answer.breakdown.groups.forEach((g) => g.steps.forEach((s, i) => rows.push(line(s, i, null, g.value))));
  }
  return csvText(head, rows);
}
