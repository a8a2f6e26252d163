// Active users of a site over POST /api/active-users: daily, 7-day and 30-day actives per day, week
// or month, new and returning people, the lifecycle and the 30-day return rate (docs/metrics.md,
// "Active users"). State in the URL: /sites/{id}/active-users?range=30d&every=week&unit=visitor.
// The table downloads as CSV, built from the same answer.
import { h } from 'preact';
import { api } from './api.js';
import { navigate, urlWith, view } from './state.js';
import { RangePicker } from './controls.js';
import { TimeChart } from './chart.js';
import { useLoad, Skeleton, ErrorBox, Info } from './ui.js';
import * as fmt from './format.js';
import { csvText, csvHref } from './csv.js';
import { SaveInsight } from './insights.js';
import { SegmentPicker, segmentOfUrl } from './cohorts.js';

const INTERVALS = [['day', 'Day'], ['week', 'Week'], ['month', 'Month']];
const UNITS = [['person', 'People'], ['visitor', 'Visitors']];
const DOCS = '/definitions#active-users';

const HELP = {
  person: 'Counting people: user ids, with the consented visitors linked to them. Anonymous visitors never linked are not counted.',
  visitor: 'Counting visitors: visitor ids. Cookieless visitors get a new id every day, so weekly and monthly counts are closer to visitor-days.',
};

/** The columns of the table and the CSV: label, the answer's field (a path), kind. */
const COLUMNS = [
  ['Active', 'active', 'int', 'distinct active in the bucket'],
  ['DAU', 'dau', 'dec', 'average daily active'],
  ['WAU', 'wau', 'int', 'active in the 7 days ending on the bucket\'s last day'],
  ['MAU', 'mau', 'int', 'active in the 30 days ending on the bucket\'s last day'],
  ['Stickiness', 'stickiness', 'ratio', 'DAU ÷ MAU'],
  ['New', 'new', 'int', 'first event ever in the bucket'],
  ['Returning', 'returning', 'int', 'active, first seen before the bucket'],
  ['Retained', 'lifecycle.returning', 'int', 'active in this and the previous bucket'],
  ['Resurrecting', 'lifecycle.resurrecting', 'int', 'active now, not in the previous bucket, seen before'],
  ['Dormant', 'lifecycle.dormant', 'int', 'active in the previous bucket, not in this one'],
  ['Back ≤30d', 'returned_within_30d', 'int', 'new people with an event on a later day within 30 days'],
  ['Return rate', 'return_rate', 'ratio', 'back within 30 days ÷ new'],
];

const field = (row, path) => path.split('.').reduce((o, k) => (o === null || o === undefined ? o : o[k]), row);

function show(kind, v) {
  if (v === null || v === undefined) return fmt.NONE;
  if (kind === 'ratio') return fmt.pct(v * 100);
  if (kind === 'dec') return fmt.dec(v);
  return fmt.int(v);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A local day of the site (yyyy-MM-dd) as the reader writes dates. */
const localDay = (d) => dayFormat.format(new Date(d + 'T00:00:00Z'));

/**
 * A bucket's name: the day; a week or month by the days of it inside the range (the first and
 * last may be cut short by the range), the month's name when it is whole.
 */
function bucketLabel(r, every) {
  if (every === 'day') return fmt.bucket(r.date + 'T00:00:00', 'day');
  if (every === 'month' && r.from === r.date && r.days >= 28 && r.to.slice(0, 7) === r.date.slice(0, 7) && nextDay(r.to).slice(0, 7) !== r.date.slice(0, 7)) {
    return fmt.bucket(r.date + 'T00:00:00', 'month');
  }
  return r.from === r.to ? localDay(r.from) : localDay(r.from) + ' – ' + localDay(r.to);
}

const nextDay = (d) => new Date(Date.parse(d + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);

/** The request of the URL's state. */
function request(site, v, every, unit) {
  const range = v.range.includes(',') ? v.range.split(',') : v.range;
  return { site_id: site.id, date_range: range, interval: every, unit, ...segmentOfUrl() };
}

export function ActiveUsers({ site, role }) {
  const v = view();
  const p = new URLSearchParams(location.search);
  const every = INTERVALS.some(([k]) => k === p.get('every')) ? p.get('every') : 'day';
  const unit = UNITS.some(([k]) => k === p.get('unit')) ? p.get('unit') : 'person';
  const body = request(site, v, every, unit);
  const { data, error, loading, retry } = useLoad(() => api('POST', '/api/active-users', body), JSON.stringify(body));
  if (error && error.status === 403) {
    return h('section', { class: 'card empty-site', role: 'alert' },
      h('h2', null, 'Your role cannot see active users'),
      h('p', null, 'Active users count people, which are shown to owners, admins and analysts. Your role in this organization is ', role || 'none', '.'));
  }
  let content;
  if (error) content = h(ErrorBox, { error, retry });
  else if (!data) content = h(Skeleton, { lines: 8, height: '1.6rem' });
  else if (!data.results.some((r) => r.active > 0 || r.mau > 0)) content = h(NoActivity, { unit });
  else content = h(Report, { data, every });
  return h('div', { class: 'active-users' },
    h('div', { class: 'people-head' },
      h('h1', null, 'Active users ', h(Info, { text: HELP[unit], label: 'active users' })),
      h(SaveInsight, { site, role, kind: 'active-users', suggest: 'Active ' + (unit === 'person' ? 'people' : 'visitors') + ' by ' + every })),
    h('div', { class: 'toolbar au-controls' },
      h(RangePicker, { v }),
      h(Choice, { id: 'au-every', label: 'Interval', value: every, options: INTERVALS, param: 'every' }),
      h(Choice, { id: 'au-unit', label: 'Count', value: unit, options: UNITS, param: 'unit' }),
      h(SegmentPicker, { site }),
      data && data.results.length > 0 && h(CsvLink, { data })),
    h('p', { class: 'muted people-lead', 'data-unit': data ? data.unit : unit },
      data ? 'Counting ' + (data.unit === 'person' ? 'people' : 'visitors') + ', ' + localDay(data.date_range[0]) + ' to ' + localDay(data.date_range[1]) + ' in ' + data.time_zone + '. '
        : 'Counting ' + (unit === 'person' ? 'people' : 'visitors') + '. ',
      h('a', { href: DOCS, target: '_blank', rel: 'noopener' }, 'How each number is defined')),
    h('section', { class: 'card people-card' + (loading ? ' refreshing' : ''), 'aria-label': 'Active users', 'aria-busy': loading ? 'true' : 'false' }, content));
}

function Choice({ id, label, value, options, param }) {
  return h('label', { class: 'au-choice' },
    h('span', { class: 'muted' }, label, ' '),
    h('select', { id, value, onChange: (e) => navigate(urlWith({ [param]: e.target.value })) },
      options.map(([k, text]) => h('option', { value: k, key: k }, text))));
}

function NoActivity({ unit }) {
  return h('div', { class: 'people-empty' },
    h('h2', null, 'No activity in this range'),
    unit === 'person'
      ? h('p', null, 'People are counted when events carry a user id or a consented visitor is identified; try counting visitors, or a longer range.')
      : h('p', null, 'No events in this range or the 30 days before it; try a longer range.'));
}

function Report({ data, every }) {
  const labels = data.results.map((r) => r.date + 'T00:00:00');
  const series = [
    { label: 'DAU', values: data.results.map((r) => r.dau) },
    { label: 'WAU', values: data.results.map((r) => r.wau) },
    { label: 'MAU', values: data.results.map((r) => r.mau) },
  ];
  return [
    h(TimeChart, { key: 'c', labels, series, kind: 'decimal', interval: every, title: 'Daily, weekly and monthly active ' + (data.unit === 'person' ? 'people' : 'visitors') + ' per ' + every }),
    h('div', { class: 'table-wrap', key: 't' },
      h('table', { class: 'table au-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, every === 'day' ? 'Day' : every === 'week' ? 'Week' : 'Month'),
          COLUMNS.map(([label, , , help]) => h('th', { scope: 'col', class: 'num', key: label, title: help }, label)))),
        h('tbody', null, data.results.map((r) => h('tr', { key: r.date, 'data-date': r.date },
          h('th', { scope: 'row', 'data-label': 'Bucket' }, bucketLabel(r, every)),
          COLUMNS.map(([label, path, kind]) => h('td', { key: label, class: 'num', 'data-label': label, 'data-field': path }, show(kind, field(r, path)),
            path === 'return_rate' && !r.return_complete && field(r, path) !== null ? h('span', { class: 'muted', title: 'Fewer than 30 days have passed: people may still return' }, ' *') : null))))))),
  ];
}

/** The answer as CSV: one line per bucket, the answer's own numbers. */
export function csvOf(data) {
  const head = ['date', 'from', 'to', 'unit', ...COLUMNS.map(([, path]) => path), 'return_complete'];
  return csvText(head, data.results.map((r) => [r.date, r.from, r.to, data.unit, ...COLUMNS.map(([, path]) => field(r, path)), r.return_complete]));
}

function CsvLink({ data }) {
  const href = csvHref(csvOf(data));
  const name = 'active-users-' + data.site_id + '-' + data.interval + '-' + data.unit + '-' + data.date_range[0] + '-' + data.date_range[1] + '.csv';
  return h('a', { class: 'export', href, download: name }, 'CSV');
}
