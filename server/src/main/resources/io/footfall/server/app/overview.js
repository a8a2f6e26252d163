// The overview of one site: KPI cards, the timeseries, the breakdown panels, realtime visitors.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, stats, query, exportHref, sharedToken } from './api.js';
import { view, statsParams, navigate, urlWith, rangeLabel } from './state.js';
import { METRICS, KPIS, AGGREGATE, PANELS } from './metrics.js';
import { kpiParams, chartParams, realtimeParams } from './requests.js';
import { useLoad, Skeleton, ErrorBox, Info, EmptySite } from './ui.js';
import { RangePicker, ComparePicker, FilterChips } from './controls.js';
import { Panel, PropertiesPanel } from './panels.js';
import { TimeChart } from './chart.js';
import * as fmt from './format.js';
import { SaveInsight } from './insights.js';
import { SegmentPicker, CohortNotice } from './cohorts.js';

export function Overview({ site, role, peopleReader }) {
  const v = view();
  // Only a range without visits raises the question whether the site has any data at all.
  const [quiet, setQuiet] = useState(false);
  const first = useLoad(
    () => (quiet ? get('/api/admin/sites/' + encodeURIComponent(site.id) + '/first-event') : Promise.resolve(null)),
    quiet ? site.id : '');
  if (first.data && first.data.first_event_at === null) return h(EmptySite, { site, shared: !!sharedToken(), retry: first.retry });
  if (v.segment && !peopleReader) {
    // An address of a cohort's overview (shared by an analyst, say) opened by a role that may not
    // see people: say so and offer everyone's, rather than the server's refusal in every card.
    return h('div', { class: 'overview' },
      h('h1', { class: 'sr-only' }, 'Overview of ', site.name),
      h('section', { class: 'card' }, h(CohortNotice, { what: 'overview', role })));
  }
  const params = statsParams(site.id, v);
  return h('div', { class: 'overview' },
    h('h1', { class: 'sr-only' }, 'Overview of ', site.name),
    h('div', { class: 'toolbar' },
      h(RangePicker, { v }),
      h(ComparePicker, { v }),
      peopleReader && h(SegmentPicker, { site, peopleReader }),
      h(Realtime, { site }),
      h('div', { class: 'exports' },
        h(SaveInsight, { site, role, kind: 'stats', suggest: rangeLabel(v.range) + (v.filters.length ? ', ' + v.filters.map((f) => f.value).join(', ') : '') }),
        h('a', { class: 'button ghost small', href: exportHref('view.zip', params), download: '' }, 'Download all (ZIP)'),
        h('a', { class: 'button ghost small', href: exportHref('report.pdf', params), download: '' }, 'PDF report'))),
    h(FilterChips, { v }),
    h(Kpis, { site, v, onQuiet: setQuiet }),
    h(ChartCard, { site, v }),
    h('div', { class: 'panels' },
      PANELS.map((p) => h(Panel, { site, v, panel: p, key: p.id })),
      h(PropertiesPanel, { site, v })));
}

function Kpis({ site, v, onQuiet }) {
  const asked = kpiParams(site.id, v);
  const { data, error, loading, retry } = useLoad(async () => {
    const [all, conv] = await Promise.all([stats('aggregate', asked.all), stats('aggregate', asked.conversions)]);
    const out = { currency: all.meta.currency, range: all.query.date_range, comparison: all.meta.comparison, cards: {} };
    const put = (names, answer) => names.forEach((m, i) => {
      const r = answer.results[0];
      out.cards[m] = { value: r.metrics[i], change: r.comparison ? r.comparison.change[i] : undefined, before: r.comparison ? r.comparison.metrics[i] : undefined };
    });
    put(AGGREGATE, all);
    put(['converted', 'conversion_rate'], conv);
    return out;
  }, query(asked.all));
  useEffect(() => {
    if (data) onQuiet(data.cards.visits.value === 0 && v.filters.length === 0 && !v.segment);
  }, [data]);
  if (error) return h(ErrorBox, { error, retry });
  if (!data) return h('div', { class: 'kpis' }, KPIS.map((m) => h('div', { class: 'card kpi', key: m }, h(Skeleton, { lines: 2 }))));
  return h('div', null,
    h('p', { class: 'period muted' }, fmt.period(data.range), data.comparison ? ' compared with ' + fmt.period(data.comparison.date_range) : '', ' · times in ', site.timezone),
    h('div', { class: 'kpis' + (loading ? ' refreshing' : ''), role: 'list' },
      KPIS.map((m) => h(Kpi, {
        key: m, metric: m, card: data.cards[m], currency: data.currency, selected: v.metric === m,
        rate: m === 'converted' ? data.cards.conversion_rate.value : undefined,
      }))));
}

function Kpi({ metric, card, currency, selected, rate }) {
  const def = METRICS[metric];
  const change = card.change !== undefined ? fmt.change(card.change, def.kind, def.lowerIsBetter) : null;
  return h('div', { class: 'card kpi' + (selected ? ' selected' : ''), role: 'listitem', 'data-metric': metric },
    h('div', { class: 'kpi-head' },
      h('button', {
        type: 'button', class: 'kpi-select', 'aria-pressed': selected,
        title: 'Show ' + def.label + ' in the chart', onClick: () => navigate(urlWith({ metric })),
      }, def.label),
      h(Info, { text: def.help, label: def.label })),
    h('div', { class: 'kpi-value', title: fmt.metric(def.kind, card.value, currency) },
      def.kind === 'money' ? fmt.moneyShort(card.value, currency) : fmt.metric(def.kind, card.value, currency)),
    rate !== undefined && h('div', { class: 'kpi-rate muted', 'data-rate': rate === null ? '' : rate }, fmt.pct(rate), ' of visitors'),
    change && h('div', { class: 'kpi-change ' + (change.up === null ? 'flat' : change.up ? 'good' : 'bad'), title: 'Before: ' + fmt.metric(def.kind, card.before, currency) },
      change.text));
}

/**
 * "All time" spans from the site's first event: its interval follows that span (days for a month
 * of data, weeks or months for years), not a fixed guess.
 */
function useAllTimeDays(site, v) {
  const all = v.range === 'all';
  const first = useLoad(
    () => (all ? get('/api/admin/sites/' + encodeURIComponent(site.id) + '/first-event') : Promise.resolve(null)),
    all ? 'first:' + site.id : '');
  if (!all) return { days: undefined, ready: true };
  if (first.error) return { days: undefined, ready: true };
  if (!first.data) return { days: undefined, ready: false };
  return { days: spanDays(first.data.first_event_at), ready: true };
}

function ChartCard({ site, v }) {
  const span = useAllTimeDays(site, v);
  const { metric, interval, intervals, params } = chartParams(site.id, v, span.days);
  const { data, error, loading, retry } = useLoad(
    () => (span.ready ? stats('timeseries', params) : new Promise(() => {})),
    span.ready ? query(params) : 'waiting');
  const def = METRICS[metric];
  let body;
  if (error) body = h(ErrorBox, { error, retry });
  else if (!data || !span.ready) body = h(Skeleton, { lines: 1, height: '260px' });
  else {
    const labels = data.meta.time_labels;
    const series = [{ label: def.label, values: data.results.map((r) => numberOrNull(r.metrics[0])) }];
    if (data.meta.comparison) {
      series.push({
        label: def.label + ' (compared period)', dashed: true,
        values: data.results.map((r) => (r.comparison ? numberOrNull(r.comparison.metrics[0]) : null)),
        labels: data.results.map((r) => (r.comparison ? r.comparison.dimensions[0] : null)),
      });
    }
    body = h(TimeChart, { labels, series, kind: def.kind, currency: data.meta.currency, interval, title: def.label + ' per ' + interval });
  }
  const csv = exportHref('timeseries.csv', params);
  return h('section', { class: 'card chart-card' + (loading ? ' refreshing' : ''), 'aria-labelledby': 'chart-title' },
    h('header', { class: 'panel-head' },
      h('h2', { id: 'chart-title' }, def.label, ' ', h(Info, { text: def.help + ' One point per ' + interval + ' in the site\'s time zone; the dashed line is the compared period.', label: def.label })),
      h('div', { class: 'tabs', role: 'group', 'aria-label': 'Interval' },
        intervals.map((i) => h('button', {
          type: 'button', key: i, class: i === interval ? 'tab active' : 'tab', 'aria-pressed': i === interval,
          onClick: () => navigate(urlWith({ interval: i })),
        }, i[0].toUpperCase() + i.slice(1))),
        h('a', { class: 'export', href: csv, download: '' }, 'CSV'))),
    body);
}

/** Days from the first event (an instant) to now, counting both ends; 1 without events. */
function spanDays(firstEventAt) {
  if (!firstEventAt) return 1;
  return Math.max(1, Math.ceil((Date.now() - Date.parse(firstEventAt)) / 86400000) + 1);
}

function numberOrNull(v) {
  return v === null || v === undefined ? null : Number(v);
}

/** Visitors in the last five minutes, refreshed every 30 seconds. */
function Realtime({ site }) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((x) => x + 1), 30000);
    return () => clearInterval(t);
  }, []);
  const { data, error } = useLoad(() => stats('realtime', realtimeParams(site.id)), site.id + ':' + tick);
  const n = data && data.results.length ? data.results[0].metrics[0] : null;
  return h('div', { class: 'realtime', 'aria-live': 'polite' },
    h('span', { class: 'pulse' + (n ? ' live' : ''), 'aria-hidden': 'true' }),
    error ? 'Realtime unavailable' : n === null ? '…' : h('span', null, h('strong', null, fmt.int(n)), ' ', n === 1 ? 'current visitor' : 'current visitors'),
    h(Info, { text: 'Distinct visitors with an event in the last 5 minutes; refreshed every 30 seconds.', label: 'current visitors' }));
}
