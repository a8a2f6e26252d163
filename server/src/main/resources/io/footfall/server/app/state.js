// The view's state lives in the URL, so that every view can be shared and the back button works:
//   /sites/{id}?range=30d&compare=previous_period&interval=day&metric=visitors&f=is|visit:source|Google
//   &panel=pages:visit:entry_page (a panel's tab other than its first)&segment=c_1a2b (a cohort)
// A filter is op|dimension|value; several f parameters must all hold, as in the query API.

export const RANGES = [
  ['today', 'Today'], ['yesterday', 'Yesterday'], ['7d', 'Last 7 days'], ['28d', 'Last 28 days'],
  ['30d', 'Last 30 days'], ['91d', 'Last 91 days'], ['month', 'This month'],
  ['last_month', 'Last month'], ['6mo', 'Last 6 months'], ['12mo', 'Last 12 months'],
  ['year', 'This year'], ['all', 'All time'],
];

const listeners = new Set();

export function onNavigate(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

window.addEventListener('popstate', () => listeners.forEach((fn) => fn()));

/**
 * Goes to a URL of the app without reloading; replace keeps the history entry. A new page starts
 * at the top; a changed view of the same page (a filter, a tab, a range) stays where the reader is.
 */
export function navigate(url, replace) {
  if (url === location.pathname + location.search + location.hash) return;
  const samePage = new URL(url, location.href).pathname === location.pathname;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  listeners.forEach((fn) => fn());
  if (!replace && !samePage) window.scrollTo(0, 0);
}

export function parseFilter(text) {
  const a = text.indexOf('|');
  const b = a < 0 ? -1 : text.indexOf('|', a + 1);
  if (b < 0) return null;
  return { op: text.slice(0, a), dim: text.slice(a + 1, b), value: text.slice(b + 1) };
}

export const filterText = (f) => f.op + '|' + f.dim + '|' + f.value;

/** The view state of the current URL. */
export function view() {
  const p = new URLSearchParams(location.search);
  return {
    range: p.get('range') || '30d',
    compare: p.get('compare') || '',
    interval: p.get('interval') || '',
    metric: p.get('metric') || 'visitors',
    prop: p.get('prop') || '',
    filters: p.getAll('f').map(parseFilter).filter(Boolean),
    segment: p.get('segment') || '',
    sites: (p.get('sites') || '').split(',').filter(Boolean),
    tab: p.get('tab') || '',
    panels: panelTabs(p.getAll('panel')),
  };
}

/** The panels' chosen tabs, from panel=id:dimension parameters: {id: dimension}. */
function panelTabs(values) {
  const out = {};
  for (const x of values) {
    const i = x.indexOf(':');
    if (i > 0) out[x.slice(0, i)] = x.slice(i + 1);
  }
  return out;
}

/**
 * The current URL with some parameters changed; null or '' removes one, an array sets it
 * repeatedly. path replaces the path (the view state is kept).
 */
export function urlWith(changes, path) {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    p.delete(k);
    if (Array.isArray(v)) v.forEach((x) => p.append(k, x));
    else if (v !== null && v !== undefined && v !== '') p.set(k, v);
  }
  const qs = p.toString();
  return (path || location.pathname) + (qs ? '?' + qs : '') + location.hash;
}

/**
 * The parameters of GET /api/stats/* (and of the export links) for a view of a site. The view's
 * filters select visits (docs/metrics.md, "The dashboard's filters"): a filter on an event's
 * page, name, goal, host or property asks for the visits with such an event (visit:page, ...), so
 * every card and panel counts all the events of the same visits. A segment (a cohort) adds the
 * filter ["is","segment",[id]]: only its members' events count.
 */
export function statsParams(siteId, v, extraFilters) {
  const filters = v.filters.map((f) => [f.op, visitLevel(f.dim), [f.value]])
    .concat(v.segment ? [['is', 'segment', [v.segment]]] : [])
    .concat(extraFilters || []);
  return {
    site_id: siteId,
    date_range: v.range,
    filters: filters.length ? JSON.stringify(filters) : '',
    compare: v.compare,
  };
}

/** The visit-level form of a dimension: event:page -> visit:page; visit dimensions stay. */
export function visitLevel(dim) {
  return dim.startsWith('event:') ? 'visit:' + dim.slice(6) : dim;
}

/**
 * How many days a range spans, roughly: it decides which intervals make sense. allDays is the span
 * of "all time" (from the site's first event) when known.
 */
export function rangeDays(range, allDays) {
  if (range === 'today' || range === 'yesterday' || range === 'realtime') return 1;
  const m = /^(\d+)d$/.exec(range);
  if (m) return Number(m[1]);
  if (range === 'month' || range === 'last_month') return 31;
  if (range === '6mo') return 183;
  if (range === '12mo' || range === 'year') return 366;
  if (range === 'all') return allDays || 1000;
  const parts = range.split(',');
  if (parts.length === 2) {
    const days = (Date.parse(parts[1]) - Date.parse(parts[0])) / 86400000 + 1;
    return Number.isFinite(days) && days > 0 ? days : 30;
  }
  return 30;
}

export function intervalsFor(range, allDays) {
  const days = rangeDays(range, allDays);
  if (days <= 1) return ['hour'];
  if (days <= 31) return ['hour', 'day', 'week'];
  if (days <= 4000) return ['day', 'week', 'month'];
  return ['week', 'month']; // the API answers at most 5,000 buckets
}

export function defaultInterval(range, allDays) {
  const days = rangeDays(range, allDays);
  return days <= 1 ? 'hour' : days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
}

export function rangeLabel(range) {
  const found = RANGES.find(([k]) => k === range);
  if (found) return found[1];
  return range.replace(',', ' – ');
}
