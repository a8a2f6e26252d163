// A site's people (its users: the user ids its events and identify calls carry; cookieless visitors
// never are) over GET /api/people, and one person's properties, totals and events over
// GET /api/people/{user_id}. Both read in pages by keyset ("Load more" sends the answer's next).
// State in the URL: /sites/{id}/people?search=pro lists, ?person=<user_id> opens one person (the
// search is kept for the way back).
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, query } from './api.js';
import { navigate, urlWith } from './state.js';
import { useLoad, Skeleton, ErrorBox, Info } from './ui.js';
import * as fmt from './format.js';
import { csvText, downloadCsv } from './csv.js';
import { SegmentPicker, segmentOfUrl } from './cohorts.js';

/** Rows per page of the list and of a timeline. */
const PAGE = 50;
/** Properties shown in a row of the list; the person's page shows them all. */
const ROW_PROPERTIES = 3;
/** Where people, identify and user properties are explained (docs/metrics.md, "Person"). */
const PERSON_DOCS = '/definitions#person';

const HELP = 'A person is a user of this site: a user id sent with events (actor.user_id) or by an identify call, '
  + 'with the consented visitors linked to it. Cookieless visitors are never people.';

export function People({ site, role }) {
  const p = new URLSearchParams(location.search);
  const person = p.get('person');
  // A person opened from far down the list, and the list again, start at the top: the path stays
  // the same, so navigate() keeps the scroll position.
  useEffect(() => window.scrollTo(0, 0), [person]);
  if (person) return h(Person, { site, role, userId: person, key: site.id + '|' + person });
  return h(PeopleList, { site, role, search: p.get('search') || '', key: site.id });
}

/**
 * A list read by keyset: the first page whenever key changes (or on retry), the next pages appended
 * by more() with the last answer's next. rowsOf picks an answer's rows.
 */
function usePages(load, key, rowsOf) {
  const first = useLoad(() => load(null), key);
  const empty = { base: first.data, rows: [], next: undefined, busy: false, error: null };
  const [extra, setExtra] = useState(empty);
  // Pages added to an older first page (another search, a retry) are dropped with it.
  const own = extra.base === first.data ? extra : empty;
  const next = own.next === undefined ? first.data && first.data.next : own.next;
  const more = async () => {
    const base = first.data;
    setExtra({ ...own, busy: true, error: null });
    try {
      const answer = await load(next);
      setExtra((e) => (e.base === base ? { base, rows: e.rows.concat(rowsOf(answer)), next: answer.next, busy: false, error: null } : e));
    } catch (error) {
      setExtra((e) => (e.base === base ? { ...e, busy: false, error } : e));
    }
  };
  return {
    ...first, next, more, busy: own.busy, moreError: own.error,
    rows: first.data ? rowsOf(first.data).concat(own.rows) : null,
  };
}

/**
 * After "Load more", focus moves to the first row it added (the button may be gone once the list
 * ends): returns the click handler and a ref for the list's container.
 */
function useMoreFocus(pages) {
  const box = useRef(null);
  const from = useRef(-1);
  useEffect(() => {
    if (from.current < 0 || !pages.rows || pages.rows.length <= from.current || !box.current) return;
    const row = box.current.querySelectorAll('tbody tr')[from.current];
    from.current = -1;
    const target = row && row.querySelector('[data-focus]');
    if (target) target.focus();
  }, [pages.rows && pages.rows.length]);
  const load = () => {
    from.current = pages.rows.length;
    pages.more();
  };
  return { box, load };
}

/**
 * "Load more" under a list, with the count shown and the failure of the last attempt; children
 * (a download) go at the end.
 */
function More({ pages, load, noun, children }) {
  const n = pages.rows.length;
  return h('footer', { class: 'list-foot' },
    h('span', { class: 'muted', role: 'status' }, fmt.int(n), ' ', n === 1 ? noun[0] : noun[1], pages.next ? ' shown' : ''),
    pages.moreError && h(ErrorBox, { error: pages.moreError }),
    pages.next && h('button', { type: 'button', class: 'button', disabled: pages.busy, onClick: load }, pages.busy ? 'Loading…' : 'Load more'),
    children);
}

/**
 * The people shown as CSV: one line per person, revenue a column per currency (the site's first),
 * then a column per property any of them has, by name.
 */
export function peopleCsv(rows, siteCurrency) {
  const currencies = [...new Set(rows.flatMap((p) => Object.keys(p.revenue || {})))]
    .sort((a, b) => (a === siteCurrency ? -1 : b === siteCurrency ? 1 : a.localeCompare(b)));
  const keys = [...new Set(rows.flatMap((p) => Object.keys(p.properties || {})))].sort();
  const head = ['user_id', 'first_seen', 'last_seen', 'events', 'visits',
    ...currencies.map((c) => 'revenue:' + c), ...keys.map((k) => 'property:' + k)];
  return csvText(head, rows.map((p) => [
    p.user_id, p.first_seen, p.last_seen, p.events, p.visits,
    ...currencies.map((c) => (p.revenue && p.revenue[c] !== undefined ? Number(p.revenue[c]) : null)),
    ...keys.map((k) => (p.properties ? p.properties[k] : null)),
  ]));
}

/** What a role without READ_PEOPLE (a viewer) sees instead: the API answered 403. */
function RoleCannot({ role }) {
  return h('section', { class: 'card empty-site', role: 'alert' },
    h('h2', null, 'Your role cannot see people'),
    h('p', null, 'People, their properties and their events are shown to owners, admins and analysts. Your role in this organization is ', role || 'none', '.'));
}

function PeopleList({ site, role, search }) {
  const [typed, setTyped] = useState(search);
  // Back and forward change the search; a search of ours leaves the typing as it is (a space typed
  // at the end stays).
  useEffect(() => {
    if (typed.trim() !== search) setTyped(search);
  }, [search]);
  // A new search once the typing pauses (Enter searches at once); the URL keeps it.
  const apply = (text) => navigate(urlWith({ search: text.trim() }), true);
  useEffect(() => {
    if (typed.trim() === search) return undefined;
    const t = setTimeout(() => apply(typed), 300);
    return () => clearTimeout(t);
  }, [typed]);
  const segment = segmentOfUrl();
  const pages = usePages(
    (next) => get('/api/people?' + query({ site_id: site.id, search, limit: PAGE, ...segment, ...next })),
    site.id + '|' + search + '|' + (segment.segment || ''), (a) => a.results);
  const focus = useMoreFocus(pages);
  if (pages.error && pages.error.status === 403) return h(RoleCannot, { role });
  let body;
  if (pages.error) body = h(ErrorBox, { error: pages.error, retry: pages.retry });
  else if (!pages.rows) body = h(Skeleton, { lines: 8, height: '1.6rem' });
  else if (!pages.rows.length && search) body = h('p', { class: 'empty' }, 'No person’s user id or properties contain “', search, '”.');
  else if (!pages.rows.length) body = h(NoPeople);
  else {
    body = [
      h('div', { class: 'table-wrap' + (pages.loading ? ' refreshing' : ''), ref: focus.box, key: 't' }, h(PeopleTable, { site, rows: pages.rows })),
      h(More, { pages, load: focus.load, noun: ['person', 'people'], key: 'm' },
        h('button', {
          type: 'button', class: 'button small', id: 'people-csv',
          onClick: () => downloadCsv('people-' + site.id + (search ? '-' + search.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40) : '') + '.csv', peopleCsv(pages.rows, site.currency)),
        }, pages.next ? 'Download CSV of these' : 'Download CSV')),
    ];
  }
  return h('div', { class: 'people' },
    h('div', { class: 'people-head' },
      h('h1', null, 'People ', h(Info, { text: HELP, label: 'a person' })),
      h('form', { class: 'people-search', role: 'search', onSubmit: (e) => { e.preventDefault(); apply(typed); } },
        h('label', { class: 'sr-only', for: 'people-search' }, 'Search people by user id or property value'),
        h('input', {
          id: 'people-search', type: 'search', placeholder: 'Search user id or property value', value: typed,
          maxLength: 256, autocomplete: 'off', spellcheck: false, onInput: (e) => setTyped(e.target.value),
        })),
      h(SegmentPicker, { site })),
    h('p', { class: 'muted people-lead' }, 'The users of ', site.name, ', most recently seen first. Times in your time zone.'),
    h('section', { class: 'card people-card', 'aria-label': 'People' }, body));
}

/** A site without people yet: how people come about. */
function NoPeople() {
  return h('div', { class: 'people-empty' },
    h('h2', null, 'No people yet'),
    h('p', null, 'People appear when events carry a user id or identify is called; cookieless visitors are never people.'),
    h('p', null, 'In the browser, call ', h('code', null, "footfall('identify', userId)"), ' once a user signs in; from a server, send ',
      h('code', null, 'actor.user_id'), ' with events or ', h('code', null, 'POST /api/identify'), '. ',
      h('a', { href: PERSON_DOCS, target: '_blank', rel: 'noopener' }, 'How identify and user properties work')));
}

function PeopleTable({ site, rows }) {
  const head = ['Person', 'Last seen', 'First seen', 'Events', 'Visits', 'Revenue', 'Properties'];
  const num = (i) => (i >= 3 && i <= 5 ? 'num' : null);
  return h('table', { class: 'table people-table' },
    h('thead', null, h('tr', null, head.map((x, i) => h('th', { key: x, scope: 'col', class: num(i) }, x)))),
    h('tbody', null, rows.map((p) => h('tr', { key: p.user_id, 'data-person': p.user_id },
      h('th', { scope: 'row', 'data-label': head[0] },
        h('a', { href: urlWith({ person: p.user_id }), class: 'user-id', title: p.user_id, 'data-focus': '' }, p.user_id)),
      h('td', { 'data-label': head[1] }, h(When, { iso: p.last_seen })),
      h('td', { 'data-label': head[2] }, h('time', { dateTime: p.first_seen, title: fmt.exact(p.first_seen) }, fmt.day(p.first_seen))),
      h('td', { 'data-label': head[3], class: 'num' }, fmt.int(p.events)),
      h('td', { 'data-label': head[4], class: 'num' }, fmt.int(p.visits)),
      h('td', { 'data-label': head[5], class: 'num' }, revenue(p.revenue, site.currency)),
      h('td', { 'data-label': head[6] }, h(Properties, { properties: p.properties, max: ROW_PROPERTIES }))))));
}

/** A relative time with the exact one on hover. */
function When({ iso }) {
  return h('time', { dateTime: iso, title: fmt.exact(iso) }, fmt.relative(iso));
}

/** Revenue per currency, the site's currency first; a dash without any. */
function revenue(byCurrency, siteCurrency) {
  const entries = Object.entries(byCurrency || {}).filter(([, amount]) => Number(amount) !== 0);
  if (!entries.length) return fmt.NONE;
  entries.sort(([a], [b]) => (a === siteCurrency ? -1 : b === siteCurrency ? 1 : a.localeCompare(b)));
  return entries.map(([currency, amount]) => fmt.money(amount, currency)).join(', ');
}

const valueText = (v) => (v === null || v === undefined ? '' : String(v));

/** Properties as name: value chips, the first max of them and how many more. */
function Properties({ properties, max }) {
  const entries = Object.entries(properties || {});
  if (!entries.length) return h('span', { class: 'muted' }, fmt.NONE);
  const shown = max ? entries.slice(0, max) : entries;
  return h('span', { class: 'props-list' },
    shown.map(([k, v]) => h('span', { class: 'prop', key: k, title: k + ': ' + valueText(v) }, h('span', { class: 'prop-key' }, k, ':'), ' ', valueText(v))),
    entries.length > shown.length && h('span', { class: 'muted prop-more' }, '+', entries.length - shown.length, ' more'));
}

function CopyButton({ value, label }) {
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard && navigator.clipboard.writeText(value).then(() => {
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  });
  return h('button', { type: 'button', class: 'button small ghost', onClick: copy, 'aria-label': copied ? 'Copied' : label }, copied ? 'Copied' : 'Copy');
}

function Person({ site, role, userId }) {
  const pages = usePages(
    (next) => get('/api/people/' + encodeURIComponent(userId) + '?' + query({ site_id: site.id, limit: PAGE, ...next })),
    site.id + '|' + userId, (a) => a.timeline);
  const focus = useMoreFocus(pages);
  const back = h('p', { class: 'back' }, h('a', { href: urlWith({ person: null }) }, '← All people'));
  if (pages.error && pages.error.status === 403) return h(RoleCannot, { role });
  if (pages.error && pages.error.status === 404) {
    return h('div', { class: 'person' }, back,
      h('section', { class: 'card empty-site', role: 'alert' },
        h('h1', null, 'No such person'),
        h('p', null, site.name, ' has no person with the user id ', h('code', null, userId), '.')));
  }
  if (pages.error) return h('div', { class: 'person' }, back, h(ErrorBox, { error: pages.error, retry: pages.retry }));
  if (!pages.data) return h('div', { class: 'person' }, back, h(Skeleton, { lines: 10, height: '1.6rem' }));
  const p = pages.data.person;
  const hashed = site.settings && site.settings.user_ids === 'pseudonymize';
  return h('div', { class: 'person' },
    back,
    h('header', { class: 'person-head' },
      h('h1', null, 'Person ', h('span', { class: 'user-id full' }, p.user_id)),
      h(CopyButton, { value: p.user_id, label: 'Copy the user id' })),
    h('p', { class: 'muted people-lead' }, hashed
      ? 'A pseudonymized user id: the keyed hash of the id your site sent, the same on every event of this user.'
      : 'The user id as your site sent it.'),
    h('dl', { class: 'person-stats' },
      stat('Last seen', h(When, { iso: p.last_seen })),
      stat('First seen', h(When, { iso: p.first_seen })),
      stat('Events', fmt.int(p.events)),
      stat('Visits', fmt.int(p.visits)),
      stat('Revenue', revenue(p.revenue, site.currency))),
    h('div', { class: 'person-body' },
      h('section', { class: 'card person-props', 'aria-labelledby': 'person-props-title' },
        h('h2', { id: 'person-props-title' }, 'Properties'),
        h(PropertyTable, { properties: p.properties })),
      h('section', { class: 'card person-timeline', 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, 'Events, newest first'),
        pages.rows.length
          ? [h('div', { class: 'table-wrap', ref: focus.box, key: 't' }, h(Timeline, { events: pages.rows })),
            h(More, { pages, load: focus.load, noun: ['event', 'events'], key: 'm' })]
          : h('p', { class: 'empty' }, 'No events stored for this person (an identify call alone stores none).'),
        pages.data.raw_events_since && !pages.next && h('p', { class: 'muted retention-note' },
          'Events before ', h(When, { iso: pages.data.raw_events_since }), ' were deleted by the site\'s raw retention (Settings → Site).'))));
}

function stat(label, value) {
  return h('div', { class: 'card stat', key: label }, h('dt', null, label), h('dd', null, value));
}

function PropertyTable({ properties }) {
  const entries = Object.entries(properties || {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) {
    return h('p', { class: 'empty' }, 'No properties. Identify traits and an event’s user_properties set them.');
  }
  return h('table', { class: 'table props-table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'))),
    h('tbody', null, entries.map(([k, v]) => h('tr', { key: k, 'data-key': k },
      h('th', { scope: 'row' }, k),
      h('td', null, valueText(v))))));
}

function Timeline({ events }) {
  const head = ['Time', 'Event', 'Page', 'Properties'];
  return h('table', { class: 'table timeline-table' },
    h('thead', null, h('tr', null, head.map((x) => h('th', { key: x, scope: 'col' }, x)))),
    h('tbody', null, events.map((e) => h('tr', { key: e.id, 'data-event': e.id },
      h('td', { 'data-label': head[0] },
        h('time', { dateTime: e.timestamp, title: fmt.exact(e.timestamp), tabIndex: -1, 'data-focus': '' }, fmt.instant(e.timestamp))),
      h('th', { scope: 'row', 'data-label': head[1] }, h('span', null,
        h('span', { class: 'event-name' }, e.name),
        e.revenue && h('span', { class: 'badge revenue' }, fmt.money(e.revenue.amount, e.revenue.currency)))),
      h('td', { 'data-label': head[2] },
        e.path ? h('span', { class: 'page-path', title: e.title || e.path }, e.path) : h('span', { class: 'muted' }, fmt.NONE)),
      h('td', { 'data-label': head[3] }, h(Properties, { properties: e.properties }))))));
}
