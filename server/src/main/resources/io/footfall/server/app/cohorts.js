// A site's cohorts (saved segments of people, docs/metrics.md "Cohorts") over
// /api/admin/sites/{id}/cohorts: the list, a builder of conditions (all of which a member meets),
// and the chosen cohort's size now and at the end of each of the last 30 days as a chart, with a
// link to its members in the people list. State in the URL: /sites/{id}/cohorts?cohort=<id>.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, get } from './api.js';
import { navigate, urlWith } from './state.js';
import { TimeChart } from './chart.js';
import { useLoad, useSubmit, Skeleton, ErrorBox, Info, Field, FormError } from './ui.js';
import * as fmt from './format.js';

const DOCS = '/definitions#cohorts';
const HELP = 'A cohort is a saved group of this site\'s people: those who meet all of its conditions. '
  + 'Behavioural conditions count the last N days before the end of a report\'s range (or now). '
  + 'Cookieless visitors are never in a cohort.';

/** The kinds of condition, as the API names them, and how the builder calls them. */
const KINDS = [
  ['performed', 'Did an event at least n times'],
  ['not_performed', 'Did not do an event'],
  ['property', 'Person property'],
  ['first_source', 'First source'],
  ['first_seen', 'First seen between'],
  ['static', 'Listed user ids'],
];
const OPS = [['is', 'is'], ['is_not', 'is not'], ['contains', 'contains'], ['does_not_contain', 'does not contain']];

const base = (site) => '/api/admin/sites/' + encodeURIComponent(site.id) + '/cohorts';

/** A condition in words, for the list. */
export function describe(c) {
  const step = (s) => (s ? (s.event ? 'event ' + s.event : s.page ? 'page ' + s.page : 'goal ' + s.goal) : '?');
  switch (c.type) {
    case 'performed': return step(c.step) + ' at least ' + (c.at_least || 1) + '× in the last ' + c.within_days + ' days';
    case 'not_performed': return 'no ' + step(c.step) + ' in the last ' + c.within_days + ' days';
    case 'property': return c.name + ' ' + (OPS.find(([k]) => k === (c.op || 'is')) || OPS[0])[1] + ' ' + c.values.join(' or ');
    case 'first_source': return 'first source ' + c.values.join(' or ');
    case 'first_seen': return 'first seen ' + c.from + ' – ' + c.to;
    case 'static': return fmt.int(c.user_ids) + ' listed user ids';
    default: return c.type;
  }
}

export function Cohorts({ site }) {
  const chosen = new URLSearchParams(location.search).get('cohort');
  const list = useLoad(() => get(base(site)), site.id);
  const [creating, setCreating] = useState(false);
  const head = (action) => h('div', { class: 'people-head' },
    h('h1', null, 'Cohorts ', h(Info, { text: HELP, label: 'About cohorts' })),
    action);
  if (list.error && list.error.status === 403) {
    return h('div', { class: 'cohorts' },
      head(null),
      h('section', { class: 'card empty-site', role: 'alert' },
        h('h2', null, 'Cohorts need the people permission'),
        h('p', null, 'A cohort names people: owners, admins, analysts and viewers granted people may use them.')));
  }
  const reload = () => list.retry();
  return h('div', { class: 'cohorts' },
    head(h('button', { type: 'button', class: 'button primary', onClick: () => setCreating(true) }, 'New cohort')),
    h('p', { class: 'muted people-lead' }, 'Saved groups of the people of ', site.name,
      ': pick one as the segment of the overview, people, funnels, paths, retention or active users.'),
    h('section', { class: 'card cohort-list-card', 'aria-label': 'Saved cohorts' },
      list.error ? h(ErrorBox, { error: list.error, retry: list.retry })
        : !list.data ? h(Skeleton, { lines: 3 })
          : list.data.length === 0 ? h('p', { class: 'muted' }, 'No cohorts yet. A cohort can then filter the people list, retention, funnels, paths and the overview.')
            : h('table', { class: 'table cohort-list' },
              h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Conditions (all hold)'), h('th', null, ''))),
              h('tbody', null, list.data.map((c) => h('tr', { key: c.id, class: c.id === chosen ? 'selected' : '' },
                h('td', null, h('a', { href: urlWith({ cohort: c.id }), onClick: (e) => { e.preventDefault(); navigate(urlWith({ cohort: c.id })); } }, c.name)),
                h('td', null, c.conditions.map(describe).join('; ')),
                h('td', null, h(DeleteButton, { site, cohort: c, onDeleted: reload }))))))),
    creating && h(Builder, { site, onDone: (c) => { setCreating(false); reload(); if (c) navigate(urlWith({ cohort: c.id })); } }),
    chosen && h(Size, { site, cohortId: chosen, key: chosen }));
}

function DeleteButton({ site, cohort, onDeleted }) {
  const remove = async () => {
    if (!confirm('Delete the cohort "' + cohort.name + '"?')) return;
    await api('DELETE', base(site) + '/' + encodeURIComponent(cohort.id));
    onDeleted();
  };
  return h('button', { type: 'button', class: 'link-button danger', onClick: remove }, 'Delete');
}

/** One cohort: its size now, a link to its members, and its size at the end of each day. */
function Size({ site, cohortId }) {
  const one = useLoad(() => get(base(site) + '/' + encodeURIComponent(cohortId)), cohortId);
  const sizes = useLoad(() => get(base(site) + '/' + encodeURIComponent(cohortId) + '/sizes?date_range=30d&interval=day'), cohortId);
  if (one.error) return h('section', { class: 'card' }, h(ErrorBox, { error: one.error, retry: one.retry }));
  if (!one.data) return h('section', { class: 'card' }, h(Skeleton, { lines: 4 }));
  const c = one.data;
  const members = '/sites/' + encodeURIComponent(site.id) + '/people?segment=' + encodeURIComponent(c.id);
  return h('section', { class: 'card cohort-size' },
    h('header', { class: 'card-head' },
      h('h2', null, c.name),
      h('a', { href: members, class: 'button', onClick: (e) => { e.preventDefault(); navigate(members); } }, 'Show members')),
    h('p', { class: 'cohort-now' }, h('strong', { class: 'big-number', 'data-size': c.size }, fmt.int(c.size)), ' people now'),
    h('p', { class: 'muted' }, c.conditions.map(describe).join('; ')),
    h('h3', null, 'Size at the end of each day'),
    sizes.error ? h(ErrorBox, { error: sizes.error, retry: sizes.retry })
      : !sizes.data ? h(Skeleton, { height: '260px', lines: 1 })
        : h(TimeChart, {
          labels: sizes.data.results.map((p) => p.date + 'T00:00:00'),
          series: [{ label: 'People', values: sizes.data.results.map((p) => p.size) }],
          kind: 'int',
          interval: 'day',
          title: 'Size of ' + c.name,
        }));
}

/** A blank condition of a kind, as the builder edits it. */
function blank(type) {
  switch (type) {
    case 'performed': return { type, kind: 'event', name: '', at_least: 1, within_days: 30 };
    case 'not_performed': return { type, kind: 'event', name: '', within_days: 30 };
    case 'property': return { type, name: '', op: 'is', values: '' };
    case 'first_source': return { type, values: '' };
    case 'first_seen': return { type, from: '', to: '' };
    default: return { type, user_ids: '' };
  }
}

const list = (text) => text.split(',').map((v) => v.trim()).filter((v) => v !== '');

/** The builder's condition as the API takes it. */
function request(c) {
  switch (c.type) {
    case 'performed': return { type: c.type, step: { [c.kind]: c.name }, at_least: Number(c.at_least), within_days: Number(c.within_days) };
    case 'not_performed': return { type: c.type, step: { [c.kind]: c.name }, within_days: Number(c.within_days) };
    case 'property': return { type: c.type, name: c.name, op: c.op, values: list(c.values) };
    case 'first_source': return { type: c.type, values: list(c.values) };
    case 'first_seen': return { type: c.type, from: c.from, to: c.to };
    default: return { type: c.type, user_ids: c.user_ids };
  }
}

function Builder({ site, onDone }) {
  const [name, setName] = useState('');
  const [conditions, setConditions] = useState([blank('performed')]);
  const set = (i, changes) => setConditions(conditions.map((c, j) => (i === j ? { ...c, ...changes } : c)));
  const form = useSubmit(async () => {
    const made = await api('POST', base(site), { name, conditions: conditions.map(request) });
    onDone(made);
    return made;
  });
  const input = (i, key, props) => h('input', { ...props, value: conditions[i][key], onInput: (e) => set(i, { [key]: e.target.value }) });
  return h('section', { class: 'card cohort-builder' },
    h('h2', null, 'New cohort'),
    h('form', { onSubmit: form.submit, id: 'cohort-form' },
      h(Field, { label: 'Name' }, h('input', { name: 'name', value: name, required: true, maxLength: 120, onInput: (e) => setName(e.target.value) })),
      conditions.map((c, i) => h('fieldset', { class: 'cohort-condition', key: i },
        h('legend', null, i === 0 ? 'People who' : 'and'),
        h('select', { 'aria-label': 'Condition ' + (i + 1), value: c.type, onChange: (e) => set(i, blank(e.target.value)) },
          KINDS.map(([k, label]) => h('option', { value: k, key: k }, label))),
        (c.type === 'performed' || c.type === 'not_performed') && [
          h('select', { key: 'k', 'aria-label': 'Step kind', value: c.kind, onChange: (e) => set(i, { kind: e.target.value }) },
            h('option', { value: 'event' }, 'event'), h('option', { value: 'page' }, 'page'), h('option', { value: 'goal' }, 'goal')),
          input(i, 'name', { key: 'n', 'aria-label': 'Event, page or goal', placeholder: 'purchase', required: true }),
          c.type === 'performed' && input(i, 'at_least', { key: 'a', type: 'number', min: 1, max: 10000, 'aria-label': 'At least (times)' }),
          h('span', { key: 'l' }, 'in the last'),
          input(i, 'within_days', { key: 'd', type: 'number', min: 1, max: 365, 'aria-label': 'Days' }),
          h('span', { key: 'u' }, 'days')],
        c.type === 'property' && [
          input(i, 'name', { key: 'n', 'aria-label': 'Property', placeholder: 'plan', required: true }),
          h('select', { key: 'o', 'aria-label': 'Operator', value: c.op, onChange: (e) => set(i, { op: e.target.value }) },
            OPS.map(([k, label]) => h('option', { value: k, key: k }, label))),
          input(i, 'values', { key: 'v', 'aria-label': 'Values (comma-separated)', placeholder: 'pro', required: true })],
        c.type === 'first_source' && input(i, 'values', { 'aria-label': 'Sources (comma-separated)', placeholder: 'Google, (none)', required: true }),
        c.type === 'first_seen' && [
          input(i, 'from', { key: 'f', type: 'date', 'aria-label': 'From', required: true }),
          input(i, 'to', { key: 't', type: 'date', 'aria-label': 'To', required: true })],
        c.type === 'static' && h('textarea', {
          'aria-label': 'User ids, one a line', rows: 4, required: true, value: c.user_ids,
          placeholder: 'one user id a line (up to 100,000), as your product knows them',
          onInput: (e) => set(i, { user_ids: e.target.value }),
        }),
        conditions.length > 1 && h('button', { type: 'button', class: 'link-button danger', onClick: () => setConditions(conditions.filter((_, j) => j !== i)) }, 'Remove'))),
      h('p', null, h('button', { type: 'button', class: 'button small', onClick: () => setConditions(conditions.concat([blank('performed')])), disabled: conditions.length >= 20 }, 'Add a condition')),
      h(FormError, { error: form.error }),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button primary', disabled: form.busy }, form.busy ? 'Saving…' : 'Save cohort'),
        h('button', { type: 'button', class: 'button', onClick: () => onDone(null) }, 'Cancel'))),
    h('p', { class: 'muted' }, h('a', { href: DOCS }, 'How cohorts are defined')));
}

/**
 * A select of the site's cohorts for a report: "Everyone" or one cohort, kept in the URL as
 * ?segment=<id>. A cohort's members are people: with peopleReader false (a viewer without the
 * people permission, a shared link) it asks nothing and shows nothing, and it answers nothing when
 * the site has no cohorts and none is chosen.
 */
export function SegmentPicker({ site, peopleReader }) {
  const allowed = peopleReader !== false;
  const segment = new URLSearchParams(location.search).get('segment') || '';
  const cohorts = useLoad(() => (allowed ? get(base(site)).catch(() => []) : Promise.resolve([])), allowed ? site.id : '');
  if (!allowed || !cohorts.data || (cohorts.data.length === 0 && !segment)) return null;
  const known = !segment || cohorts.data.some((c) => c.id === segment);
  return h('label', { class: 'segment-picker' + (segment ? ' active' : '') },
    h('span', null, 'Segment'),
    h('select', {
      'aria-label': 'Segment', value: segment,
      onChange: (e) => navigate(urlWith({ segment: e.target.value || null })),
    },
    h('option', { value: '' }, 'Everyone'),
    cohorts.data.map((c) => h('option', { value: c.id, key: c.id }, c.name)),
    !known && h('option', { value: segment, key: segment }, 'A deleted cohort')));
}

/**
 * What a report shows instead of its answer when its address asks for one cohort and the reader
 * may not see people (a viewer without the people permission, a shared link): cohorts are people,
 * so it says so and links to the same report of everyone, rather than the server's refusal.
 * {what} names the report ("overview", "funnel", "paths").
 */
export function CohortNotice({ what, role }) {
  return h('div', { class: 'people-empty', role: 'alert' },
    h('h2', null, 'This address shows one cohort'),
    h('p', null, 'It asks for the ', what, ' of one cohort, and cohorts are people: they are shown to owners, admins and analysts',
      role ? ' (your role is ' + role + ')' : '', '. ',
      h('a', { href: urlWith({ segment: null }) }, 'See the ' + what + ' of everyone'), '.'));
}

/** The URL's segment, for a report request: {segment: id} or nothing. */
export function segmentOfUrl() {
  const segment = new URLSearchParams(location.search).get('segment');
  return segment ? { segment } : {};
}
