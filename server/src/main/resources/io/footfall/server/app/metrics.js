// What each number means, in the words of docs/metrics.md (served as the page /definitions), and
// the breakdown panels with their dimensions.

export const DEFINITIONS = '/definitions';

export const METRICS = {
  visitors: {
    label: 'Visitors', kind: 'int',
    help: 'Distinct visitors among the matching events. Visitors are cookieless and counted per day, so over several days this counts person-days at most.',
  },
  visits: {
    label: 'Visits', kind: 'int',
    help: 'Distinct visits: a visitor\'s events with no gap over 30 minutes.',
  },
  pageviews: {
    label: 'Pageviews', kind: 'int',
    help: 'Matching events named pageview.',
  },
  views_per_visit: {
    label: 'Views per visit', kind: 'decimal',
    help: 'Page views of the matching visits divided by the matching visits.',
  },
  bounce_rate: {
    label: 'Bounce rate', kind: 'percent', lowerIsBetter: true,
    help: 'Visits that were exactly one page view and nothing else, as a share of all matching visits. Changes are in percentage points.',
  },
  visit_duration: {
    label: 'Visit duration', kind: 'duration',
    help: 'Mean time from the first to the last event of each matching visit within the range; a one-event visit lasts 0 s.',
  },
  conversions: {
    label: 'Conversions', kind: 'int',
    help: 'Completions of the goal: every matching event that completes it counts, so one visitor can convert several times.',
  },
  converted: {
    label: 'Converted visitors', short: 'Converted', kind: 'int', api: 'visitors', needsGoal: true,
    help: 'Distinct visitors who completed any of the site\'s goals (Settings › Goals), never more than the visitors; below, their share of the visitors (conversion rate).',
  },
  conversion_rate: {
    label: 'Conversion rate', short: 'Conv. rate', kind: 'percent',
    help: 'Visitors who completed the goal, as a share of the visitors matching every other filter.',
  },
  revenue: {
    label: 'Revenue', kind: 'money',
    help: 'Sum of the revenue of matching events in the site\'s currency; other currencies are left out, never converted.',
  },
  events: { label: 'Events', kind: 'int', help: 'Matching events of any name, page views included.' },
};

/** The KPI cards of the overview, in order. */
export const KPIS = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration', 'converted', 'revenue'];

/** The KPIs one aggregate query answers; converted visitors need a goal filter and come separately. */
export const AGGREGATE = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration', 'revenue'];

/** Every event that completes any goal: the filter behind the converted visitors card. */
export const ANY_GOAL = ['matches', 'event:goal', ['.*']];

export const DIMENSIONS = {
  'event:page': 'Page', 'visit:entry_page': 'Entry page', 'visit:exit_page': 'Exit page',
  'event:hostname': 'Hostname', 'event:name': 'Event', 'event:goal': 'Goal',
  'visit:source': 'Source', 'visit:medium': 'Medium', 'visit:referrer': 'Referrer',
  'visit:utm_source': 'UTM source', 'visit:utm_medium': 'UTM medium', 'visit:utm_campaign': 'UTM campaign',
  'visit:utm_term': 'UTM term', 'visit:utm_content': 'UTM content',
  'visit:country': 'Country', 'visit:region': 'Region', 'visit:city': 'City',
  'visit:device': 'Device', 'visit:browser': 'Browser', 'visit:os': 'Operating system', 'visit:screen': 'Screen size',
};

export function dimensionLabel(dim) {
  if (DIMENSIONS[dim]) return DIMENSIONS[dim];
  if (dim.startsWith('event:props:')) return 'Property ' + dim.slice(12);
  return dim;
}

export const OPERATORS = { is: 'is', is_not: 'is not', contains: 'contains', does_not_contain: 'does not contain', matches: 'matches', does_not_match: 'does not match' };

const STANDARD = ['visitors', 'visits', 'pageviews'];

/**
 * The breakdown panels: each has tabs, one dimension per tab: [dimension, label] or [dimension,
 * label, metrics, column headers] for a tab whose metrics are not the panel's.
 */
export const PANELS = [
  {
    id: 'pages', title: 'Pages', metrics: ['visitors', 'pageviews'],
    help: 'Entry and exit pages are the first and last page viewed in a visit within the range; entries (exits) are the visits that began (ended) there.',
    // A visit enters (leaves) on one page: those tabs count visits, as entries (exits); the page
    // views of such visits would be the views of every page of them.
    tabs: [['event:page', 'Top pages'],
      ['visit:entry_page', 'Entry pages', ['visitors', 'visits'], ['Visitors', 'Entries']],
      ['visit:exit_page', 'Exit pages', ['visitors', 'visits'], ['Visitors', 'Exits']]],
  },
  {
    id: 'sources', title: 'Sources', metrics: STANDARD.slice(0, 2),
    help: 'Where a visit came from, taken from its first event. (none) is direct traffic.',
    tabs: [['visit:source', 'Sources'], ['visit:medium', 'Medium'], ['visit:referrer', 'Referrers']],
  },
  {
    id: 'utm', title: 'Campaigns', metrics: STANDARD.slice(0, 2),
    help: 'The utm_* parameters of the landing URL of each visit.',
    tabs: [['visit:utm_source', 'Source'], ['visit:utm_medium', 'Medium'], ['visit:utm_campaign', 'Campaign'], ['visit:utm_term', 'Term'], ['visit:utm_content', 'Content']],
  },
  {
    id: 'locations', title: 'Locations', metrics: STANDARD.slice(0, 2),
    help: 'From the visitor\'s IP address at collection (GeoIP); the address itself is not stored.',
    tabs: [['visit:country', 'Countries'], ['visit:region', 'Regions'], ['visit:city', 'Cities']],
  },
  {
    id: 'devices', title: 'Devices', metrics: STANDARD.slice(0, 2),
    help: 'From the browser\'s user agent and screen size.',
    tabs: [['visit:device', 'Devices'], ['visit:browser', 'Browsers'], ['visit:os', 'Operating systems'], ['visit:screen', 'Screens']],
  },
  {
    id: 'goals', title: 'Goals', metrics: ['visitors', 'conversions', 'conversion_rate'],
    help: 'Conversions per goal; the rate is against the visitors matching the other filters.',
    tabs: [['event:goal', 'Goals']],
  },
];
