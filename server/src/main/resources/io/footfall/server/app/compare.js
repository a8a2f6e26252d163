// Sites side by side: the same KPIs and one chart with a line per site, over one range.
import { h } from 'preact';
import { stats, query, get } from './api.js';
import { view, navigate, urlWith, defaultInterval, rangeLabel } from './state.js';
import { METRICS, AGGREGATE } from './metrics.js';
import { useLoad, Skeleton, ErrorBox, Info } from './ui.js';
import { RangePicker } from './controls.js';
import { TimeChart } from './chart.js';
import * as fmt from './format.js';

export function Compare({ sites }) {
  const v = view();
  const chosen = v.sites.filter((id) => sites.some((s) => s.id === id));
  const picked = sites.filter((s) => chosen.includes(s.id));
  const toggle = (id) => navigate(urlWith({ sites: (chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]).join(',') }), true);
  return h('div', { class: 'compare' },
    h('h1', null, 'Compare sites'),
    h('div', { class: 'toolbar' }, h(RangePicker, { v })),
    h('fieldset', { class: 'site-picks' },
      h('legend', null, 'Sites (two or more)'),
      sites.map((s) => h('label', { class: 'check inline', key: s.id },
        h('input', { type: 'checkbox', checked: chosen.includes(s.id), onChange: () => toggle(s.id) }), s.name))),
    picked.length < 2
      ? h('p', { class: 'empty' }, 'Pick at least two sites to see them side by side.')
      : h(Side, { sites: picked, v }));
}

function Side({ sites, v }) {
  const metric = METRICS[v.metric] && AGGREGATE.includes(v.metric) ? v.metric : 'visitors';
  const key = query({ s: sites.map((s) => s.id).join(','), r: v.range, metric });
  const { data, error, loading, retry } = useLoad(async () => {
    const chart = await chartRange(sites, v.range);
    const rows = await Promise.all(sites.map(async (s) => {
      const [agg, series] = await Promise.all([
        stats('aggregate', { site_id: s.id, date_range: v.range, metrics: AGGREGATE.join(',') }),
        stats('timeseries', { site_id: s.id, date_range: chart.range, metrics: metric, interval: chart.interval }),
      ]);
      return { site: s, agg, series };
    }));
    return { rows, interval: chart.interval };
  }, key);
  if (error) return h(ErrorBox, { error, retry });
  if (!data) return h(Skeleton, { lines: 6 });
  const { rows, interval } = data;
  // Sites may be in different zones: the chart lines up buckets by position (day 1, day 2, ...).
  const labels = rows[0].series.meta.time_labels;
  const series = rows.map((d) => ({ label: d.site.name, values: labels.map((_, i) => (d.series.results[i] ? Number(d.series.results[i].metrics[0]) : null)) }));
  const def = METRICS[metric];
  return h('div', { class: loading ? 'refreshing' : '' },
    h('div', { class: 'table-wrap card' }, h('table', { class: 'table compare-table' },
      h('caption', { class: 'sr-only' }, 'Key metrics per site, ' + rangeLabel(v.range)),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Metric'), rows.map((d) => h('th', { scope: 'col', key: d.site.id }, d.site.name)))),
      h('tbody', null, AGGREGATE.map((m, i) => h('tr', { key: m, class: m === metric ? 'selected' : '', 'data-metric': m },
        h('th', { scope: 'row' },
          h('button', { type: 'button', class: 'link-button', onClick: () => navigate(urlWith({ metric: m })) }, METRICS[m].label), ' ',
          h(Info, { text: METRICS[m].help, label: METRICS[m].label })),
        rows.map((d) => h('td', { key: d.site.id, 'data-site': d.site.id }, fmt.metric(METRICS[m].kind, d.agg.results[0].metrics[i], d.agg.meta.currency)))))))),
    h('section', { class: 'card chart-card' },
      h('h2', null, def.label, ' per ', interval),
      h(TimeChart, { labels, series, kind: def.kind, currency: rows[0].agg.meta.currency, interval, title: def.label + ' per site' })));
}

/**
 * The chart's range and interval. "All time" runs from the earliest first event of the sites
 * compared to today, one range for every site so that their buckets line up, with the interval its
 * span calls for (not a fixed guess that draws a month of data as two points). Tomorrow is the end
 * because a site east of UTC may already be there; buckets that have not begun are left out.
 */
async function chartRange(sites, range) {
  if (range !== 'all') return { range, interval: defaultInterval(range) };
  const firsts = await Promise.all(sites.map((s) => get('/api/admin/sites/' + encodeURIComponent(s.id) + '/first-event')));
  const times = firsts.map((f) => f && f.first_event_at).filter(Boolean).map(Date.parse);
  if (!times.length) return { range, interval: defaultInterval(range, 1) };
  const day = (t) => new Date(t).toISOString().slice(0, 10);
  const custom = day(Math.min(...times) - 86400000) + ',' + day(Date.now() + 86400000);
  return { range: custom, interval: defaultInterval(custom) };
}
