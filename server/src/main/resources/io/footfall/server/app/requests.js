// The statistics requests of the overview, built in one place. The overview's cards and panels ask
// them; boot.js asks the first screen's set as soon as the page starts (see prefetch in api.js), so
// both must name the very same paths: an answer is used only for the exact path it was asked for.
import { statsPath } from './api.js';
import { statsParams, intervalsFor, defaultInterval } from './state.js';
import { METRICS, AGGREGATE, ANY_GOAL, PANELS } from './metrics.js';

/** Rows of a breakdown panel. */
export const BREAKDOWN_LIMIT = 10;

/** The metrics of the custom properties panel. */
export const PROPERTY_METRICS = ['visitors', 'events'];

/** Whether the view selects by a goal (a negated goal filter leaves the goals to count open). */
function hasGoalFilter(v) {
  return v.filters.some((f) => (f.dim === 'event:goal' || f.dim === 'visit:goal') && ['is', 'contains', 'matches'].includes(f.op));
}

/** The filters of a metric's query: conversions count goal completions, of any goal unless filtered. */
function extraFilters(metric, v) {
  return (metric === 'conversions' || metric === 'converted') && !hasGoalFilter(v) ? [ANY_GOAL] : [];
}

/**
 * The KPI cards' two aggregates: every metric but the converted visitors, and those with the
 * conversion rate (both need a goal filter: the view's, else any goal).
 */
export function kpiParams(siteId, v) {
  return {
    all: { ...statsParams(siteId, v), metrics: AGGREGATE.join(',') },
    conversions: { ...statsParams(siteId, v, extraFilters('converted', v)), metrics: 'visitors,conversion_rate' },
  };
}

/**
 * The chart's timeseries: the selected metric per interval (the range's default if unfit);
 * allDays is how many days "all time" spans (see rangeDays).
 */
export function chartParams(siteId, v, allDays) {
  const metric = METRICS[v.metric] ? v.metric : 'visitors';
  const intervals = intervalsFor(v.range, allDays);
  const interval = intervals.includes(v.interval) ? v.interval : defaultInterval(v.range, allDays);
  return {
    metric,
    interval,
    intervals,
    params: { ...statsParams(siteId, v, extraFilters(metric, v)), metrics: METRICS[metric].api || metric, interval },
  };
}

/** A panel's breakdown by one dimension, never compared. */
export function breakdownParams(siteId, v, dim, metrics) {
  return { ...statsParams(siteId, v), compare: '', dimensions: dim, metrics: metrics.join(','), limit: BREAKDOWN_LIMIT };
}

export function realtimeParams(siteId) {
  return { site_id: siteId, metrics: 'visitors' };
}

/** The metrics of a panel's tab: its own (entries of entry pages), else the panel's. */
export function panelMetrics(panel, dim) {
  const tab = panel.tabs.find(([d]) => d === dim);
  return (tab && tab[2]) || panel.metrics;
}

/** The dimension a panel shows in a view: the tab the URL names (panel=id:dimension), else its first. */
export function panelDimension(panel, v) {
  const named = v.panels[panel.id];
  return panel.tabs.some(([dim]) => dim === named) ? named : panel.tabs[0][0];
}

/** Every request of the overview's first screen for a view: each panel on its chosen tab. */
export function overviewPaths(siteId, v) {
  const kpis = kpiParams(siteId, v);
  const paths = [
    statsPath('realtime', realtimeParams(siteId)),
    statsPath('aggregate', kpis.all),
    statsPath('aggregate', kpis.conversions),
  ];
  // "All time" picks its interval from the first event's date, which the chart asks for first.
  if (v.range !== 'all') paths.push(statsPath('timeseries', chartParams(siteId, v).params));
  for (const panel of PANELS) {
    const dim = panelDimension(panel, v);
    paths.push(statsPath('breakdown', breakdownParams(siteId, v, dim, panelMetrics(panel, dim))));
  }
  if (v.prop) {
    paths.push(statsPath('breakdown', breakdownParams(siteId, v, 'event:props:' + v.prop, PROPERTY_METRICS)));
  }
  return paths;
}
