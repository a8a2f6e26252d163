// Breakdown panels: one dimension per tab, a row per value; clicking a row filters the view.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { stats, query, exportHref } from './api.js';
import { navigate, urlWith, statsParams } from './state.js';
import { breakdownParams, panelDimension, panelMetrics, BREAKDOWN_LIMIT as LIMIT, PROPERTY_METRICS } from './requests.js';
import { METRICS, dimensionLabel } from './metrics.js';
import { useLoad, Skeleton, ErrorBox, Info, Modal } from './ui.js';
import { addFilter, valueLabel } from './controls.js';
import * as fmt from './format.js';

/** Dimensions that hold data only with a city-level GeoIP database. */
const CITY_LEVEL = ['visit:region', 'visit:city'];

/**
 * A panel as a site shows it: without the Regions and Cities tabs when the server's GeoIP database
 * locates countries only (they would always read (none)). A site without location_level (an older
 * server) shows every tab.
 */
function forSite(panel, site) {
  if (!site.location_level || site.location_level === 'city') return panel;
  const tabs = panel.tabs.filter(([d]) => !CITY_LEVEL.includes(d));
  if (tabs.length === panel.tabs.length) return panel;
  return { ...panel, tabs, help: panel.help + ' Regions and cities need a city-level GeoIP database (see the README).' };
}

export function Panel({ site, v, panel: defined }) {
  const panel = forSite(defined, site);
  const dim = panelDimension(panel, v);
  const tab = panel.tabs.find(([d]) => d === dim);
  // The chosen tab is part of the view: panel=id:dimension, left out for a panel's first tab.
  const choose = (d) => navigate(urlWith({
    panel: Object.entries({ ...v.panels, [panel.id]: d })
      .filter(([id, x]) => id !== panel.id || x !== panel.tabs[0][0])
      .map(([id, x]) => id + ':' + x),
  }));
  return h('section', { class: 'card panel', 'aria-labelledby': 'panel-' + panel.id, 'data-panel': panel.id },
    h('header', { class: 'panel-head' },
      h('h2', { id: 'panel-' + panel.id }, panel.title, ' ', h(Info, { text: panel.help, label: panel.title })),
      panel.tabs.length > 1 && h('div', { class: 'tabs', role: 'tablist' },
        panel.tabs.map(([d, l]) => h('button', {
          type: 'button', role: 'tab', key: d, 'aria-selected': d === dim, class: d === dim ? 'tab active' : 'tab',
          onClick: () => choose(d),
        }, l)))),
    h(Breakdown, { site, v, dim, label: tab[1], metrics: panelMetrics(panel, dim), heads: tab[3], title: panel.title }));
}

/** The custom properties panel: the key is part of the view (prop=...). */
export function PropertiesPanel({ site, v }) {
  const [draft, setDraft] = useState(v.prop);
  useEffect(() => setDraft(v.prop), [v.prop]); // a key picked from the list, or back/forward
  // The keys in use are asked for only when wanted (focus on the field, or the button): listing them
  // reads every event's properties, which the overview's first screen does not need.
  const [keys, setKeys] = useState({ asked: '', list: null, error: null });
  const asked = site.id + '|' + v.range;
  const known = keys.asked === asked ? keys : { asked: '', list: null, error: null };
  const loadKeys = () => {
    if (keys.asked === asked && !keys.error) return;
    setKeys({ asked, list: null, error: null });
    stats('property-keys', { site_id: site.id, date_range: v.range, limit: 20 })
      .then((a) => setKeys((k) => (k.asked === asked ? { asked, list: a.results, error: null } : k)))
      .catch((error) => setKeys((k) => (k.asked === asked ? { asked, list: null, error } : k)));
  };
  const submit = (e) => {
    e.preventDefault();
    navigate(urlWith({ prop: draft.trim() }));
  };
  return h('section', { class: 'card panel props', 'aria-labelledby': 'panel-props' },
    h('header', { class: 'panel-head' },
      h('h2', { id: 'panel-props' }, 'Custom properties ', h(Info, { text: 'The values of one custom property sent with events (props: {plan: "pro"}); (none) counts events without it.', label: 'custom properties' })),
      h('form', { class: 'prop-form', onSubmit: submit },
        h('label', { class: 'sr-only', for: 'prop-key' }, 'Property key'),
        h('input', { id: 'prop-key', placeholder: 'property key, e.g. plan', value: draft, list: 'prop-keys', autocomplete: 'off', onFocus: loadKeys, onInput: (e) => setDraft(e.target.value), maxLength: 64 }),
        h('datalist', { id: 'prop-keys' }, (known.list || []).map((k) => h('option', { key: k.key, value: k.key }, fmt.int(k.events) + ' events'))),
        h('button', { type: 'submit', class: 'button small' }, 'Show'))),
    v.prop
      ? h(Breakdown, { site, v, dim: 'event:props:' + v.prop, label: v.prop, metrics: PROPERTY_METRICS, title: 'Custom properties' })
      : h(KeyChoices, { known, loading: keys.asked === asked && !known.list && !known.error, load: loadKeys }));
}

/** The property keys in use in the range, each a link to its breakdown, once asked for. */
function KeyChoices({ known, loading, load }) {
  if (known.error) return h(ErrorBox, { error: known.error, retry: load });
  if (loading) return h(Skeleton, { lines: 3 });
  if (!known.list) {
    return h('p', { class: 'empty' }, 'Name a property key to break the events down by its values. ',
      h('button', { type: 'button', class: 'button ghost small', onClick: load }, 'Show the keys in use'));
  }
  if (!known.list.length) return h('p', { class: 'empty' }, 'No events with custom properties in this range.');
  return h('ul', { class: 'key-list', 'aria-label': 'Property keys in use' },
    known.list.map((k) => h('li', { key: k.key },
      h('a', { href: urlWith({ prop: k.key }), onClick: (e) => { e.preventDefault(); navigate(urlWith({ prop: k.key })); } }, k.key),
      h('span', { class: 'muted' }, fmt.int(k.events), ' events'))));
}

function Breakdown({ site, v, dim, label, metrics, heads, title }) {
  const [details, setDetails] = useState(false);
  const params = breakdownParams(site.id, v, dim, metrics);
  const key = query(params);
  const { data, error, loading, retry } = useLoad(() => stats('breakdown', params), key);
  const csv = exportHref('breakdown.csv', { ...params, limit: '' });
  let body;
  if (loading && !data) body = h(Skeleton, { lines: 5 });
  else if (error) body = h(ErrorBox, { error, retry });
  else if (!data.results.length) body = h('p', { class: 'empty' }, 'No data for this range and these filters.');
  else body = h(Rows, { data, dim, metrics, currency: data.meta.currency, v });
  return h('div', { class: 'breakdown' + (loading ? ' refreshing' : '') },
    h('div', { class: 'breakdown-head' },
      h('span', null, label),
      h('span', { class: 'metric-heads' }, metrics.map((m, i) => h('span', { key: m }, heads ? heads[i] : METRICS[m].short || METRICS[m].label)))),
    body,
    h('footer', { class: 'panel-foot' },
      data && data.meta.total_rows > LIMIT ? h('span', { class: 'muted' }, 'Top ', LIMIT, ' of ', fmt.int(data.meta.total_rows)) : h('span'),
      h('span', null,
        h('button', { type: 'button', class: 'export details-open', onClick: () => setDetails(true), 'aria-haspopup': 'dialog' }, 'Details'),
        h('a', { class: 'export', href: csv, download: '' }, 'CSV'))),
    details && h(Details, { site, v, dim, label, metrics, heads, title, onClose: () => setDetails(false) }));
}

/** Rows per page of the Details view. */
export const DETAILS_PAGE = 50;

/** A search term as a case-insensitive "contains" pattern: every regex character taken literally. */
export function searchPattern(term) {
  return '(?i)' + term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every row of one panel's breakdown, as Plausible's "Details": a search (case-insensitive, over
 * the dimension's values), sorting by any column, and pages of DETAILS_PAGE rows, each asked from
 * the breakdown API (filters, order_by, limit, page). Choosing a row filters the view.
 */
function Details({ site, v, dim, label, metrics, heads, title, onClose }) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState({ by: metrics[0], dir: 'desc' });
  const [page, setPage] = useState(1);
  // A new search starts at page 1, once the typing pauses. Only a changed search does: on opening
  // (and for typing that changes nothing) the timer must not undo a page chosen meanwhile.
  useEffect(() => {
    const next = typed.trim();
    if (next === search) return undefined;
    const t = setTimeout(() => { setSearch(next); setPage(1); }, 250);
    return () => clearTimeout(t);
  }, [typed]);
  const extra = search ? [['matches', dim, [searchPattern(search)]]] : [];
  const params = {
    ...statsParams(site.id, v, extra), compare: '', dimensions: dim, metrics: metrics.join(','),
    limit: DETAILS_PAGE, page, order_by: sort.by + ':' + sort.dir,
  };
  const { data, error, loading, retry } = useLoad(() => stats('breakdown', params), query(params));
  const total = data ? data.meta.total_rows : 0;
  const pages = Math.max(1, Math.ceil(total / DETAILS_PAGE));
  const sortBy = (col) => {
    setSort((s) => (s.by === col ? { by: col, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { by: col, dir: col === dim ? 'asc' : 'desc' }));
    setPage(1);
  };
  const columns = [[dim, label]].concat(metrics.map((m, i) => [m, heads ? heads[i] : METRICS[m].label]));
  const filtered = v.filters.some((f) => f.dim === dim);
  let body;
  if (error) body = h(ErrorBox, { error, retry });
  else if (!data) body = h(Skeleton, { lines: 8 });
  else if (!data.results.length) body = h('p', { class: 'empty' }, search ? 'No ' + label.toLowerCase() + ' contains “' + search + '”.' : 'No data for this range and these filters.');
  else {
    body = h('div', { class: 'table-wrap' }, h('table', { class: 'table details-table' + (loading ? ' refreshing' : '') },
      h('thead', null, h('tr', null, columns.map(([col, name], i) => h('th', {
        key: col, scope: 'col', class: i ? 'num' : null,
        'aria-sort': sort.by === col ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none',
      }, h('button', { type: 'button', class: 'sort', onClick: () => sortBy(col), 'data-column': col },
        name, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sort.by === col ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '')))))),
      h('tbody', null, data.results.map((r) => {
        const value = r.dimensions[0];
        return h('tr', { key: value, 'data-value': value },
          h('th', { scope: 'row', class: 'value' }, filtered
            ? valueLabel(dim, value)
            : h('button', { type: 'button', class: 'link-button plain', title: 'Filter by ' + dimensionLabel(dim) + ' ' + value, onClick: () => { onClose(); addFilter(v, dim, value); } }, valueLabel(dim, value))),
          r.metrics.map((m, i) => h('td', { key: i, class: 'num' }, fmt.metric(METRICS[metrics[i]].kind, m, data.meta.currency))));
      }))));
  }
  const first = total ? (page - 1) * DETAILS_PAGE + 1 : 0;
  const last = Math.min(total, page * DETAILS_PAGE);
  return h(Modal, { title: label === title ? title : title + ' · ' + label, titleId: 'details-title', onClose, wide: true },
    h('div', { class: 'details' },
      h('div', { class: 'details-tools' },
        h('label', { class: 'sr-only', for: 'details-search' }, 'Search ' + label),
        h('input', { id: 'details-search', type: 'search', placeholder: 'Search ' + label.toLowerCase(), value: typed, maxLength: 200, autocomplete: 'off', onInput: (e) => setTyped(e.target.value), autofocus: true }),
        h('a', { class: 'export', href: exportHref('breakdown.csv', { ...params, limit: '', page: '' }), download: '' }, 'CSV')),
      body,
      h('footer', { class: 'details-foot' },
        h('span', { class: 'muted', role: 'status' }, data ? (total ? fmt.int(first) + '–' + fmt.int(last) + ' of ' + fmt.int(total) : '0 rows') : ''),
        h('span', { class: 'pager' },
          h('button', { type: 'button', class: 'button small', disabled: page <= 1 || !data, onClick: () => setPage(page - 1) }, 'Previous'),
          h('span', { class: 'muted' }, 'Page ', page, ' of ', pages),
          h('button', { type: 'button', class: 'button small', disabled: page >= pages || !data, onClick: () => setPage(page + 1) }, 'Next')))));
}

function Rows({ data, dim, metrics, currency, v }) {
  const max = Math.max(1, ...data.results.map((r) => Number(r.metrics[0]) || 0));
  const filtered = v.filters.some((f) => f.dim === dim);
  return h('ol', { class: 'rows' },
    data.results.map((r) => {
      const value = r.dimensions[0];
      const share = (Number(r.metrics[0]) || 0) / max;
      return h('li', { key: value, 'data-value': value },
        h('button', {
          type: 'button', class: 'row', disabled: filtered,
          title: filtered ? undefined : 'Filter by ' + dimensionLabel(dim) + ' ' + value,
          onClick: () => addFilter(v, dim, value),
        },
          h('span', { class: 'bar', style: { width: (share * 100).toFixed(1) + '%' }, 'aria-hidden': 'true' }),
          h('span', { class: 'row-label' }, valueLabel(dim, value)),
          h('span', { class: 'row-values' }, r.metrics.map((m, i) => h('span', { key: i }, fmt.metric(METRICS[metrics[i]].kind, m, currency))))));
    }));
}
