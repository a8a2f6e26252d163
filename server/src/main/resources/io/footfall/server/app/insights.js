// Saved insights: a site's named reports over /api/admin/sites/{id}/insights. Each is a builder page
// (the overview, funnels, retention, paths, active users) and that page's URL query string, so
// opening one is following its URL and the page shows it with today's data.
// - SaveInsight: the "Save as insight" control each builder page shows to those who may save
//   (owners, admins, analysts); it asks for a name inline and stores the current URL's state. A
//   page opened from an insight (its URL has insight=<id>) offers to update that insight instead.
// - Insights: the page /sites/{id}/insights?kind=funnels that lists them (filtered by kind), opens,
//   renames and deletes them.
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, get } from './api.js';
import { navigate, urlWith, rangeLabel } from './state.js';
import { useLoad, Skeleton, ErrorBox, FormError, Info } from './ui.js';
import * as fmt from './format.js';

/** The kinds in the order of the filter: API name, a report's noun, the page's title. */
export const KINDS = [
  ['stats', 'Overview', 'Overview'],
  ['funnels', 'Funnel', 'Funnels'],
  ['retention', 'Retention', 'Retention'],
  ['paths', 'Paths', 'Paths'],
  ['active-users', 'Active users', 'Active users'],
];
const kindLabel = (kind) => (KINDS.find(([k]) => k === kind) || [kind, kind])[1];

/** Longest name, as the API allows. */
const MAX_NAME = 100;

const HELP = 'A saved insight is a report as you built it: its page with its steps, filters and date range. '
  + 'Opening it shows the report with today’s data; a relative range such as “last 30 days” moves with the calendar.';

/** Whether the role may save, rename and delete insights, as the API decides it. */
export function maySave(role) {
  return role === 'owner' || role === 'admin' || role === 'analyst';
}

const insightsPath = (site) => '/api/admin/sites/' + encodeURIComponent(site.id) + '/insights';

/**
 * The current URL's query string as URLSearchParams writes it, without the insight it was opened
 * from (insight=): what the API accepts as a state.
 */
function currentState() {
  const p = new URLSearchParams(location.search);
  p.delete('insight');
  return p.toString();
}

/** The address that opens an insight and says it was opened from it (insight=<id>). */
export function openHref(insight) {
  return insight.url + (insight.url.includes('?') ? '&' : '?') + 'insight=' + encodeURIComponent(insight.id);
}

/**
 * "Save as insight": a button that opens an inline form for the name (suggested by the page),
 * stores the page's current URL state, and says where to find it. On a page opened from a saved
 * insight (insight=<id> in the URL, as the insights list links) it offers "Update insight", which
 * stores the page's state as that insight's, next to "Save as new"; a new insight becomes the one the
 * page is of. Renders nothing for roles that cannot save.
 */
export function SaveInsight({ site, kind, role, suggest }) {
  const fromId = new URLSearchParams(location.search).get('insight') || '';
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  // What this control last saved or updated: {insight, how: 'saved' | 'updated'}.
  const [done, setDone] = useState(null);
  const input = useRef(null);
  const opener = useRef(null);
  const mine = done && done.insight.id === fromId ? done.insight : null;
  const asked = maySave(role) && fromId && !mine;
  const list = useLoad(() => (asked ? get(insightsPath(site)) : Promise.resolve(null)), asked ? site.id + '|' + fromId : '');
  useEffect(() => {
    if (open && input.current) input.current.select();
  }, [open]);
  if (!maySave(role)) return null;
  const found = list.data && list.data.find((i) => i.id === fromId && i.kind === kind);
  const from = mine || found || null;
  const state = currentState();
  const changed = from && from.state !== state;
  const start = () => {
    setName((suggest || kindLabel(kind)).slice(0, MAX_NAME));
    setError(null);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setTimeout(() => opener.current && opener.current.focus(), 0);
  };
  const run = async (action) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const insight = await api('POST', insightsPath(site), { name: name.trim(), kind, state });
      setDone({ insight, how: 'saved' });
      close();
      // From now on the page is of the new insight: a later change can update it.
      navigate(urlWith({ insight: insight.id }), true);
    });
  };
  const update = () => run(async () => {
    const insight = await api('PATCH', insightsPath(site) + '/' + encodeURIComponent(from.id), { state });
    setDone({ insight, how: 'updated' });
  });
  const all = '/sites/' + encodeURIComponent(site.id) + '/insights';
  const problem = error && (error.field === 'state'
    ? 'This view is too long to save as an insight (' + error.message + '); remove a filter or a step and save again.'
    : error.message);
  if (open) {
    return h('form', {
      class: 'save-insight-form', onSubmit: submit, 'aria-label': 'Save as insight',
      onKeyDown: (e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } },
    },
      h('label', { class: 'sr-only', for: 'insight-name' }, 'Insight name'),
      h('input', {
        id: 'insight-name', ref: input, value: name, required: true, maxLength: MAX_NAME, autocomplete: 'off',
        placeholder: 'Insight name', 'aria-describedby': error ? 'insight-error' : null,
        onInput: (e) => setName(e.target.value),
      }),
      h('button', { type: 'submit', class: 'button small primary', disabled: busy || !name.trim() }, busy ? 'Saving…' : 'Save'),
      h('button', { type: 'button', class: 'button small ghost', onClick: close }, 'Cancel'),
      error && h('p', { class: 'form-error', role: 'alert', id: 'insight-error' }, problem));
  }
  // The confirmation holds while the page shows what was saved; another view can be saved again.
  const shown = done && done.insight.state === state && (!from || done.insight.id === from.id);
  let note = null;
  if (shown) {
    note = h('span', { class: 'save-insight-done', role: 'status' },
      done.how === 'updated' ? 'Updated “' : 'Saved as “', done.insight.name, '”. ', h('a', { href: all }, 'All insights'));
  } else if (from) {
    note = h('span', { class: 'save-insight-from muted', role: 'status' },
      changed ? 'Changed since “' : 'Saved insight “', h('a', { href: all }, from.name), changed ? '” was saved' : '”');
  }
  return h('div', { class: 'save-insight' },
    note,
    from && changed && h('button', {
      type: 'button', class: 'button small primary', id: 'update-insight', disabled: busy, onClick: update,
      title: 'Store this view as “' + from.name + '” for everyone who opens it',
    }, busy ? 'Updating…' : 'Update insight'),
    h('button', { type: 'button', class: 'button small', id: 'save-insight', ref: opener, onClick: start },
      from ? 'Save as new' : shown ? 'Save again' : 'Save as insight'),
    error && h('p', { class: 'form-error', role: 'alert' }, problem));
}

/** /sites/{id}/insights: the site's saved insights, newest change first, by kind. */
export function Insights({ site, role, peopleReader, me }) {
  const kind = new URLSearchParams(location.search).get('kind') || '';
  const load = useLoad(() => get(insightsPath(site)), site.id);
  // The cohorts' names, for the insights of a segment; only people readers may list them.
  const cohorts = useLoad(() => (peopleReader
    ? get('/api/admin/sites/' + encodeURIComponent(site.id) + '/cohorts').catch(() => [])
    : Promise.resolve([])), site.id + '|' + !!peopleReader);
  const cohortNames = {};
  (cohorts.data || []).forEach((c) => { cohortNames[c.id] = c.name; });
  const [changed, setChanged] = useState({});
  const [gone, setGone] = useState({});
  let body;
  if (load.error) body = h(ErrorBox, { error: load.error, retry: load.retry });
  else if (!load.data) body = h(Skeleton, { lines: 5, height: '2.2rem' });
  else {
    const all = load.data.filter((i) => !gone[i.id]).map((i) => changed[i.id] || i)
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at) || a.name.localeCompare(b.name));
    const shown = kind ? all.filter((i) => i.kind === kind) : all;
    body = [
      all.length > 0 && h(KindFilter, { all, kind, key: 'f' }),
      !all.length
        ? h(NoInsights, { site, role, peopleReader, key: 'e' })
        : !shown.length
          ? h('p', { class: 'empty', key: 'e' }, 'No saved ', kindLabel(kind).toLowerCase(), ' insights. ', h('a', { href: urlWith({ kind: null }) }, 'Show all'))
          : h('ul', { class: 'insight-list', key: 'l', 'aria-label': 'Saved insights' }, shown.map((i) => h(InsightRow, {
            key: i.id, site, insight: i, role, peopleReader, me, cohortNames,
            onRenamed: (x) => setChanged((c) => ({ ...c, [x.id]: x })),
            onDeleted: (x) => setGone((g) => ({ ...g, [x.id]: true })),
          }))),
    ];
  }
  return h('div', { class: 'insights' },
    h('div', { class: 'people-head' },
      h('h1', null, 'Saved insights ', h(Info, { text: HELP, label: 'a saved insight' }))),
    h('p', { class: 'muted people-lead' }, 'Reports of ', site.name, ' saved by your team. Open one to see it with today’s data.'),
    h('section', { class: 'card insights-card' + (load.loading && load.data ? ' refreshing' : ''), 'aria-busy': load.loading ? 'true' : 'false' }, body));
}

/** All, then each kind that has insights, with its count; the choice is the URL's ?kind=. */
function KindFilter({ all, kind }) {
  const count = (k) => all.filter((i) => i.kind === k).length;
  const tab = (k, label, n) => h('a', {
    key: k || 'all', class: 'insight-kind-tab', href: urlWith({ kind: k || null }), 'aria-current': kind === k ? 'true' : null,
    onClick: (e) => { e.preventDefault(); navigate(urlWith({ kind: k || null }), true); },
  }, label, ' ', h('span', { class: 'muted' }, fmt.int(n)));
  return h('nav', { class: 'insight-kinds', 'aria-label': 'Kinds of insight' },
    tab('', 'All', all.length),
    KINDS.filter(([k]) => count(k) > 0).map(([k, , title]) => tab(k, title, count(k))));
}

/** A site without saved insights: where they come from. */
function NoInsights({ site, role, peopleReader }) {
  const base = '/sites/' + encodeURIComponent(site.id);
  const pages = [['', 'Overview', false], ['/funnels', 'Funnels', false], ['/paths', 'Paths', false],
    ['/retention', 'Retention', true], ['/active-users', 'Active users', true]].filter(([, , people]) => peopleReader || !people);
  return h('div', { class: 'people-empty' },
    h('h2', null, 'No saved insights yet'),
    maySave(role)
      ? h('p', null, 'Build a report on ', pages.map(([path, title], i) => [i ? (i === pages.length - 1 ? ' or ' : ', ') : '', h('a', { href: base + path, key: path }, title)]),
        ', then choose “Save as insight” to keep it here for your team.')
      : h('p', null, 'Your team has not saved any reports of ', site.name, ' yet. Owners, admins and analysts can save them.'));
}

/** Who saved an insight, in words: you, a teammate, an API key, the installation. */
function savedBy(createdBy, me) {
  if (me && me.person && createdBy === 'person:' + me.person.id) return 'you';
  if (createdBy.startsWith('person:')) return 'a teammate';
  if (createdBy.startsWith('key:')) return 'an API key';
  return 'the installation';
}

/**
 * What the state holds, in a few words: the funnel's steps, the range, the filters, the cohort
 * (named when cohortNames, {id: name}, knows it).
 */
export function describe(insight, cohortNames) {
  const p = new URLSearchParams(insight.state);
  const parts = [];
  if (insight.kind === 'funnels') {
    const steps = p.getAll('step').map((s) => s.slice(s.indexOf(':') + 1));
    if (steps.length) parts.push(steps.join(' → '));
    if (p.get('unit')) parts.push(p.get('unit') === 'person' ? 'people' : 'visits');
  } else if (insight.kind === 'paths') {
    const step = p.get('step');
    if (step) parts.push((p.get('dir') === 'end' ? 'ending at ' : 'starting at ') + step);
  } else if (insight.kind === 'stats') {
    const filters = p.getAll('f').length;
    if (filters) parts.push(filters + (filters === 1 ? ' filter' : ' filters'));
  }
  const segment = p.get('segment');
  if (segment) parts.push(cohortNames && cohortNames[segment] ? 'cohort ' + cohortNames[segment] : 'a cohort');
  parts.push(rangeLabel(p.get('range') || (insight.kind === 'retention' ? '91d' : '30d')));
  return parts.join(' · ');
}

function InsightRow({ site, insight, role, peopleReader, me, cohortNames, onRenamed, onDeleted }) {
  const [mode, setMode] = useState('');
  const [name, setName] = useState(insight.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const input = useRef(null);
  const actions = useRef(null);
  const confirm = useRef(null);
  // Focus follows the row's state: into the name field, onto the confirmation's Cancel, and back
  // to Rename when either closes, so a keyboard never lands on the page's top.
  const back = useRef(false);
  useEffect(() => {
    if (mode === 'rename' && input.current) input.current.select();
    if (mode === 'delete' && confirm.current) confirm.current.focus();
    if (!mode && back.current && actions.current) {
      back.current = false;
      const first = actions.current.querySelector('button');
      if (first) first.focus();
    }
  }, [mode]);
  const path = insightsPath(site) + '/' + encodeURIComponent(insight.id);
  const closed = !peopleReader && insight.people;
  const run = async (action) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      back.current = true;
      setMode('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rename = (e) => {
    e.preventDefault();
    run(async () => onRenamed(await api('PATCH', path, { name: name.trim() })));
  };
  const cancel = () => {
    back.current = true;
    setMode('');
    setError(null);
    setName(insight.name);
  };
  const title = closed
    ? h('span', { class: 'insight-name' }, insight.name)
    : h('a', { class: 'insight-name', href: openHref(insight) }, insight.name);
  return h('li', { class: 'insight', 'data-insight': insight.id, 'data-kind': insight.kind },
    mode === 'rename'
      ? h('form', { class: 'insight-rename', onSubmit: rename, onKeyDown: (e) => { if (e.key === 'Escape') { e.stopPropagation(); cancel(); } } },
        h('label', { class: 'sr-only', for: 'rename-' + insight.id }, 'New name of ' + insight.name),
        h('input', { id: 'rename-' + insight.id, ref: input, value: name, required: true, maxLength: MAX_NAME, autocomplete: 'off', onInput: (e) => setName(e.target.value) }),
        h('button', { type: 'submit', class: 'button small primary', disabled: busy || !name.trim() }, busy ? 'Saving…' : 'Save'),
        h('button', { type: 'button', class: 'button small ghost', onClick: cancel }, 'Cancel'))
      : h('div', { class: 'insight-main' },
        h('div', { class: 'insight-title' }, h('span', { class: 'badge insight-kind' }, kindLabel(insight.kind)), title),
        h('p', { class: 'muted insight-meta' },
          describe(insight, cohortNames), ' · saved by ', savedBy(insight.created_by, me), ', ',
          h('time', { dateTime: insight.updated_at, title: fmt.exact(insight.updated_at) }, fmt.relative(insight.updated_at)),
          closed && h('span', { class: 'insight-closed' }, ' · shows people: owners, admins and analysts open it'))),
    mode === 'delete' && h('div', { class: 'insight-confirm', role: 'group', 'aria-label': 'Delete ' + insight.name },
      h('span', null, 'Delete “', insight.name, '” for everyone?'),
      h('button', { type: 'button', class: 'button small danger-fill', disabled: busy, onClick: () => run(async () => { await api('DELETE', path); onDeleted(insight); }) }, busy ? 'Deleting…' : 'Delete'),
      h('button', { type: 'button', class: 'button small ghost', ref: confirm, onClick: cancel }, 'Cancel')),
    !mode && maySave(role) && h('div', { class: 'insight-actions', ref: actions },
      h('button', { type: 'button', class: 'link-button', onClick: () => setMode('rename'), 'aria-label': 'Rename ' + insight.name }, 'Rename'),
      h('button', { type: 'button', class: 'link-button danger', onClick: () => setMode('delete'), 'aria-label': 'Delete ' + insight.name }, 'Delete')),
    h(FormError, { error }));
}
