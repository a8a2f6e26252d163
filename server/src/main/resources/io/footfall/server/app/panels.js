// Breakdown panels: one dimension per tab, a row per value; clicking a row filters the view.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { stats, query, exportHref } from './api.js';
import { navigate, urlWith } from './state.js';
import { breakdownParams, panelDimension, panelMetrics, BREAKDOWN_LIMIT as LIMIT, PROPERTY_METRICS } from './requests.js';
import { METRICS, dimensionLabel } from './metrics.js';
import { useLoad, Skeleton, ErrorBox, Info } from './ui.js';
import { addFilter, valueLabel } from './controls.js';
import * as fmt from './format.js';

export function Panel({ site, v, panel }) {
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
    h(Breakdown, { site, v, dim, label: tab[1], metrics: panelMetrics(panel, dim), heads: tab[3] }));
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
      ? h(Breakdown, { site, v, dim: 'event:props:' + v.prop, label: v.prop, metrics: PROPERTY_METRICS })
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

function Breakdown({ site, v, dim, label, metrics, heads }) {
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
      h('a', { class: 'export', href: csv, download: '' }, 'CSV')));
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
