// Numbers, money, durations and dates in the reader's locale (Intl), money in the site's currency.

const number = new Intl.NumberFormat();
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const regions = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'region' }) : null;

export const NONE = '–';

export const int = (n) => (n === null || n === undefined ? NONE : number.format(n));
export const dec = (n) => (n === null || n === undefined ? NONE : decimal.format(n));
export const pct = (n) => (n === null || n === undefined ? NONE : percent.format(n) + ' %');
export const short = (n) => (n === null || n === undefined ? NONE : compact.format(n));

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return NONE;
  const s = Math.round(Number(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return h + 'h ' + m + 'm';
  if (m > 0) return m + 'm ' + r + 's';
  return r + 's';
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return NONE;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(Number(amount));
  } catch (e) {
    return decimal.format(Number(amount)) + ' ' + currency;
  }
}

/** Money for a card: whole units from 1,000 on, so that the figure fits. */
export function moneyShort(amount, currency) {
  if (amount === null || amount === undefined || Math.abs(Number(amount)) < 1000) return money(amount, currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(Number(amount));
  } catch (e) {
    return money(amount, currency);
  }
}

/** A value of a metric of the given kind (see metrics.js). */
export function metric(kind, value, currency) {
  switch (kind) {
    case 'percent': return pct(value);
    case 'duration': return duration(value);
    case 'money': return money(value, currency);
    case 'decimal': return dec(value);
    default: return int(value);
  }
}

/**
 * The change against the compared period: percent, or percentage points for rates. up says
 * whether it is good news (bounce rate falling is).
 */
export function change(value, kind, lowerIsBetter) {
  if (value === null || value === undefined) return { text: 'new', up: null };
  const v = Number(value);
  const unit = kind === 'percent' ? ' pp' : ' %';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  const text = sign + percent.format(Math.abs(v)) + unit;
  if (v === 0) return { text, up: null };
  return { text, up: lowerIsBetter ? v < 0 : v > 0 };
}

/** A time bucket label (local time of the site, yyyy-MM-ddTHH:mm:ss) as seconds for the chart. */
export function labelSeconds(label) {
  return Date.parse(label + 'Z') / 1000;
}

export function bucket(label, interval) {
  const d = new Date(label + 'Z');
  const opts = { timeZone: 'UTC' };
  if (interval === 'minute' || interval === 'hour') Object.assign(opts, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  else if (interval === 'month') Object.assign(opts, { year: 'numeric', month: 'long' });
  else Object.assign(opts, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
  const text = new Intl.DateTimeFormat(undefined, opts).format(d);
  return interval === 'week' ? 'Week of ' + text : text;
}

const dayTick = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthTick = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** An axis label for a bucket start given in seconds (site-local time read as UTC). */
export function tick(seconds, interval) {
  return (interval === 'month' ? monthTick : dayTick).format(new Date(seconds * 1000));
}

/** A date-time from the API (ISO-8601 with offset or Z) in the reader's zone. */
export function instant(iso) {
  if (!iso) return NONE;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A date-time from the API to the second, with the reader's zone: the exact time on hover. */
export function exact(iso) {
  if (!iso) return NONE;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' }).format(new Date(iso));
}

/** The day of a date-time from the API, in the reader's zone. */
export function day(iso) {
  if (!iso) return NONE;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso));
}

const relativeFormat = typeof Intl.RelativeTimeFormat === 'function' ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;
// Days up to four weeks ("9 days ago" says more than "last week"), then months, then years.
const UNITS = [['year', 31557600], ['month', 2629800, 2419200], ['day', 86400], ['hour', 3600], ['minute', 60]];

/** How long ago a date-time from the API was, in the reader's language: "5 minutes ago", "yesterday". */
export function relative(iso, now = Date.now()) {
  const seconds = (Date.parse(iso) - now) / 1000;
  if (!iso || !Number.isFinite(seconds)) return NONE;
  if (!relativeFormat) return instant(iso);
  if (Math.abs(seconds) < 45) return relativeFormat.format(0, 'second');
  const [unit, size] = UNITS.find(([, s, from]) => Math.abs(seconds) >= (from || s)) || ['second', 1];
  return relativeFormat.format(Math.round(seconds / size), unit);
}

/** The range the server resolved ([from, to) on the site's clock) as the dates it covers. */
export function period(range) {
  if (!range || range.length !== 2) return '';
  const utc = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  const from = Date.parse(range[0].slice(0, 10) + 'T00:00:00Z');
  const midnight = range[1].slice(11, 19) === '00:00:00';
  const to = Date.parse(range[1].slice(0, 10) + 'T00:00:00Z') - (midnight ? 86400000 : 0);
  return to <= from ? utc.format(from) : utc.format(from) + ' – ' + utc.format(to);
}

/** A country's name in the reader's language: "Germany" for DE. */
export function country(code) {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return (regions && regions.of(code)) || code;
  } catch (e) {
    return code;
  }
}
