// Site settings over the admin API: details, tracking snippet and installation check, privacy,
// goals, shared links, and the organization's API keys, members and audit log.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, get, download } from './api.js';
import { navigate, urlWith, view } from './state.js';
import { useLoad, useSubmit, Skeleton, ErrorBox, Field, FormError, CopyField, Modal, snippet, privacyPage } from './ui.js';
import { cartAbandonmentHref } from './funnels.js';
import * as fmt from './format.js';

const TABS = [
  ['general', 'Site'], ['tracking', 'Tracking'], ['privacy', 'Privacy'], ['requests', 'Data requests'], ['events', 'Events'], ['goals', 'Goals'],
  ['links', 'Shared links'], ['keys', 'API keys'], ['members', 'Members'], ['audit', 'Audit log'],
];

const siteUrl = (site, rest) => '/api/admin/sites/' + encodeURIComponent(site.id) + (rest || '');
const orgUrl = (site, rest) => '/api/admin/organizations/' + encodeURIComponent(site.organization_id) + rest;

export function Settings({ site, onChanged }) {
  const tab = TABS.some(([k]) => k === view().tab) ? view().tab : 'general';
  const pages = { general: General, tracking: Tracking, privacy: Privacy, requests: DataRequests, events: Events, goals: Goals, links: Links, keys: Keys, members: Members, audit: Audit };
  return h('div', { class: 'settings' },
    h('h1', null, 'Settings of ', site.name),
    h('nav', { class: 'settings-tabs', 'aria-label': 'Settings' },
      TABS.map(([k, label]) => h('a', { key: k, href: urlWith({ tab: k }), 'aria-current': k === tab ? 'page' : null }, label))),
    h('section', { class: 'card settings-body' }, h(pages[tab], { site, onChanged, key: tab })));
}

/** A save button with its outcome next to it. */
function Save({ form, label }) {
  return h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'button primary', disabled: form.busy }, form.busy ? 'Saving…' : label || 'Save'),
    form.done && !form.error && h('span', { class: 'saved', role: 'status' }, 'Saved'),
    h(FormError, { error: form.error }));
}

function General({ site, onChanged }) {
  const form = useSubmit(async () => {
    const els = document.getElementById('site-form').elements;
    await api('PATCH', siteUrl(site), {
      name: els.name.value, domain: els.domain.value, timezone: els.timezone.value,
      currency: els.currency.value.toUpperCase(), retention_days: Number(els.retention.value),
      aggregate_retention_days: Number(els.aggregates.value),
    });
    onChanged();
  });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return h('form', { id: 'site-form', onSubmit: form.submit },
    h('h2', null, 'Site details'),
    h(Field, { label: 'Name' }, h('input', { name: 'name', value: site.name, required: true })),
    h(Field, { label: 'Domain' }, h('input', { name: 'domain', value: site.domain, required: true })),
    h(Field, { label: 'Time zone', hint: 'Days, hours and "today" in every report follow this zone.' },
      h('input', { name: 'timezone', value: site.timezone, list: 'zones', required: true }),
      h('datalist', { id: 'zones' }, zones.map((z) => h('option', { value: z, key: z })))),
    h(Field, { label: 'Currency', hint: 'ISO 4217 code; revenue in other currencies is not counted.' }, h('input', { name: 'currency', value: site.currency, maxLength: 3, required: true })),
    h(Field, { label: 'Keep raw events for (days)', hint: h(RetentionFacts, { site }) }, h('input', { name: 'retention', type: 'number', min: 1, value: site.retention_days, required: true })),
    h(Field, { label: 'Keep daily totals for (days)', hint: 'At least as long as the raw events (default five years). Reports of older days are refused; the totals are deleted daily.' },
      h('input', { name: 'aggregates', type: 'number', min: 1, value: site.aggregate_retention_days, required: true })),
    h(Save, { form }));
}

/** What raw retention keeps of the site now: the oldest raw day stored and when older ones went. */
function RetentionFacts({ site }) {
  const r = useLoad(() => get(siteUrl(site, '/retention')), site.id + ':' + site.retention_days);
  if (!r.data) return 'Raw events older than this are deleted daily; daily totals of older days are kept.';
  const d = r.data;
  return h('span', { class: 'retention-facts' },
    d.oldest_raw_day ? ['Oldest raw day stored: ', h('strong', null, d.oldest_raw_day), '. '] : 'No raw events stored yet. ',
    'Raw events before ', h('strong', null, d.keeps_raw_from),
    ' are deleted daily; the daily totals of older days stay, so traffic reports of whole days still answer. Funnels, paths, retention and people timelines need raw events.');
}

function Tracking({ site }) {
  const [check, setCheck] = useState(0);
  const counts = useLoad(() => (check ? get(siteUrl(site, '/counts')) : Promise.resolve(null)), check);
  const c = counts.data;
  return h('div', null,
    h('h2', null, 'Tracking snippet'),
    h('p', null, 'Put this tag in the ', h('code', null, '<head>'), ' of every page of ', h('strong', null, site.domain), '. The write key is public; it only lets browsers send events.'),
    h(CopyField, { value: snippet(site), label: 'Tracking snippet' }),
    h(SecretKey, { site }),
    h('h2', null, 'Verify installation'),
    h('p', null, 'Open your site in a browser, then check what arrived.'),
    h('button', { type: 'button', class: 'button', onClick: () => setCheck(check + 1) }, 'Verify installation'),
    check > 0 && counts.loading && h(Skeleton, { lines: 1 }),
    counts.error && h(ErrorBox, { error: counts.error, retry: counts.retry }),
    c && h('div', { class: 'verify', role: 'status' },
      h('p', { class: c.events > 0 ? 'ok' : 'warn' }, c.events > 0
        ? 'Footfall receives events from this site.'
        : 'No event has arrived yet. Check that the tag is on the page and that no blocker stops /t.js.'),
      h('dl', { class: 'facts' },
        [['Events stored', c.events], ['Visitors', c.visitors], ['Visits', c.sessions], ['Bot events filtered', c.bots_filtered], ['Events rejected', c.rejected], ['Opted out (DNT/GPC)', c.opted_out]]
          .map(([k, n]) => [h('dt', { key: k }, k), h('dd', { key: k + 'v' }, fmt.int(n))]))));
}

/** The site's secret key for server-side events: its prefix, and a new key shown once. */
function SecretKey({ site }) {
  const current = useLoad(() => get(siteUrl(site, '/secret-key')), 'secret-key');
  const [created, setCreated] = useState(null);
  const rotate = useSubmit(async () => {
    if (current.data.prefix && !confirm('Make a new secret key? The current one stops working at once.')) return;
    setCreated((await api('POST', siteUrl(site, '/secret-key'), {})).secret_key);
    current.retry();
  });
  if (!current.data) return null; // still loading, or not the caller's to manage
  return h('div', null,
    h('h2', null, 'Secret key for server-side events'),
    h('p', null, 'Send it as ', h('code', null, 'Authorization: Bearer sk_…'), ' from your servers only: such events may backfill and are not judged by your HTTP client\'s user agent.'),
    created
      ? h('div', { class: 'notice' }, h('p', null, 'Copy the key now; it is stored hashed and not shown again.'), h(CopyField, { value: created, label: 'Secret key' }))
      : h('p', null, current.data.prefix ? h('code', null, current.data.prefix + '_…') : 'This site has no secret key yet.'),
    h('button', { type: 'button', class: 'button', disabled: rotate.busy, onClick: () => rotate.submit() }, current.data.prefix ? 'New secret key' : 'Create secret key'),
    h(FormError, { error: rotate.error }));
}

function Privacy({ site, onChanged }) {
  const s = site.settings;
  const form = useSubmit(async () => {
    const els = document.getElementById('privacy-form').elements;
    await api('PATCH', siteUrl(site), {
      consent: els.consent.value, respect_dnt: els.dnt.checked, respect_gpc: els.gpc.checked,
      user_ids: els.user_ids.value,
      pii_keys: els.pii.value.split(',').map((k) => k.trim()).filter(Boolean),
    });
    onChanged();
  });
  const check = (name, checked, label, hint) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name, checked }), h('span', null, h('strong', null, label), h('span', { class: 'hint' }, hint)));
  return h('form', { id: 'privacy-form', onSubmit: form.submit },
    h('h2', null, 'Privacy'),
    h(Field, { label: 'Consent', hint: 'What the tracker does before a visitor chooses, and the most a visitor can allow. After a change, copy the tracking snippet again: it carries the level.' },
      h('select', { name: 'consent', value: s.consent },
        h('option', { value: 'anonymous' }, 'Anonymous: cookieless counting only, no banner needed'),
        h('option', { value: 'full' }, 'Full after consent: cookieless until the visitor accepts, then recognised across days'),
        h('option', { value: 'none' }, 'None before consent: nothing is sent until the visitor accepts'))),
    h('p', null, 'Visitors\' privacy page, for your privacy policy to link to (it explains what is measured and lets visitors opt out):'),
    h(CopyField, { value: privacyPage(site), label: 'Privacy page address' }),
    check('dnt', s.respect_dnt, 'Honour Do Not Track', 'Drop events from browsers that send DNT: 1 (counted as opted out).'),
    check('gpc', s.respect_gpc, 'Honour Global Privacy Control', 'Drop events from browsers that send Sec-GPC: 1.'),
    h(Field, { label: 'User ids' },
      h('select', { name: 'user_ids', value: s.user_ids },
        h('option', { value: 'pseudonymize' }, 'Pseudonymize (store a keyed hash)'),
        h('option', { value: 'store' }, 'Store as sent'))),
    h(Field, { label: 'PII keys', hint: 'Comma-separated property and query parameter names whose values are removed before storage.' },
      h('input', { name: 'pii', value: s.pii_keys.join(', ') })),
    h(Save, { form }));
}

/**
 * Data subjects' requests (GDPR Art. 15, 17, 20): export everything stored of one person as a ZIP,
 * or erase it; and the log of past requests, which never shows the person's ids.
 */
function DataRequests({ site }) {
  const log = useLoad(() => get(siteUrl(site, '/data-requests')), 'data-requests');
  const [outcome, setOutcome] = useState(null);
  const [confirm, setConfirm] = useState(null);
  const named = () => {
    const els = document.getElementById('data-request-form').elements;
    return { user_id: els.user_id.value.trim(), anonymous_id: els.anonymous_id.value.trim() };
  };
  const exporting = useSubmit(async () => {
    setOutcome(null);
    await download(siteUrl(site, '/data-requests/export'), named(), 'footfall-export.zip');
    setOutcome('The export was downloaded: events, person properties and identity links as JSON and CSV.');
    log.retry();
  });
  const erasing = useSubmit(async () => {
    const r = await api('POST', siteUrl(site, '/data-requests/erasure'), confirm);
    setConfirm(null);
    setOutcome('Erased ' + fmt.int(r.events) + ' events, ' + fmt.int(r.properties) + ' property changes and '
      + fmt.int(r.links) + ' identity links.');
    log.retry();
  });
  const ask = (e) => {
    e.preventDefault();
    setOutcome(null);
    setConfirm(named());
  };
  return h('div', null,
    h('h2', null, 'Data subject requests'),
    h('p', null, 'Export (GDPR Art. 15 and 20) or erase (Art. 17) everything ', site.name,
      ' stores about one person: their events, the events of their consented anonymous visitors, their properties and identity links. Daily totals keep their counts; the days within raw retention are rebuilt without the person.'),
    h('form', { id: 'data-request-form', onSubmit: (e) => { e.preventDefault(); exporting.submit(e); } },
      h(Field, { label: 'User id', hint: 'As your site sends it (Footfall finds the stored hash itself).' },
        h('input', { name: 'user_id', autocomplete: 'off', maxLength: 256 })),
      h(Field, { label: 'Anonymous id', hint: 'Optional: a consented anonymous id, for a person who never signed in.' },
        h('input', { name: 'anonymous_id', autocomplete: 'off', maxLength: 256 })),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button', disabled: exporting.busy }, exporting.busy ? 'Exporting…' : 'Export (ZIP)'),
        h('button', { type: 'button', class: 'button danger', onClick: ask }, 'Erase…'),
        h(FormError, { error: exporting.error })),
      outcome && h('p', { class: 'saved', role: 'status' }, outcome)),
    confirm && h(Modal, { title: 'Erase this person?', titleId: 'erase-title', onClose: () => setConfirm(null) },
      h('p', null, 'Every event, property and identity link of ',
        h('strong', null, confirm.user_id || confirm.anonymous_id), ' on ', site.name,
        ' is deleted, and cannot be brought back. Ingest and reports wait while the database file is rewritten without them.'),
      h('form', { onSubmit: erasing.submit },
        h('div', { class: 'form-actions' },
          h('button', { type: 'submit', class: 'button danger', disabled: erasing.busy }, erasing.busy ? 'Erasing…' : 'Erase'),
          h('button', { type: 'button', class: 'button', onClick: () => setConfirm(null) }, 'Cancel'),
          h(FormError, { error: erasing.error })))),
    h('h2', null, 'Request log'),
    log.error && h(ErrorBox, { error: log.error, retry: log.retry }),
    !log.data && !log.error && h(Skeleton, { lines: 3 }),
    log.data && (log.data.results.length === 0
      ? h('p', { class: 'empty' }, 'No requests yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, ['When', 'Request', 'Status', 'Asked by', 'Events', 'Properties', 'Links', 'Person (hash)'].map((c) => h('th', { key: c }, c)))),
        h('tbody', null, log.data.results.map((r) => h('tr', { key: r.id },
          h('td', null, fmt.instant(r.requested_at)),
          h('td', null, r.kind === 'erasure' ? 'Erasure' : 'Export'),
          h('td', null, r.status + (r.detail ? ': ' + r.detail : '')),
          h('td', null, r.requested_by),
          h('td', { class: 'num' }, fmt.int(r.events)),
          h('td', { class: 'num' }, fmt.int(r.properties)),
          h('td', { class: 'num' }, fmt.int(r.links)),
          h('td', null, h('code', null, r.subject)))))))));
}

const STATUS_LABELS = { expected: 'Expected', unexpected: 'Unexpected', blocked: 'Blocked', undefined: 'Not defined', built_in: 'Built in' };

/**
 * The event catalogue: every event the site defined or sent, most events first; events sent but
 * never defined stand out, and each opens a form that defines it (owner, description, tags, status,
 * property schema).
 */
const PROBLEM_LABELS = { missing: 'missing', type: 'wrong type', enum: 'not allowed', range: 'out of range', undefined: 'not defined', unexpected: 'unexpected', blocked: 'blocked' };

/** "3 missing, 1 wrong type" from {"missing":3,"type":1}; a dash for none. */
function problemText(problems) {
  const parts = Object.entries(problems || {}).map(([k, n]) => fmt.int(n) + ' ' + (PROBLEM_LABELS[k] || k));
  return parts.length ? parts.join(', ') : '—';
}

function Events({ site, onChanged }) {
  const list = useLoad(() => get(siteUrl(site, '/events')).then((r) => r.results), 'events');
  const mode = useSubmit(async () => {
    await api('PATCH', siteUrl(site), { validation: document.getElementById('validation-mode').value });
    onChanged();
  });
  const [editing, setEditing] = useState(null);
  const undefinedCount = (list.data || []).filter((e) => e.status === 'undefined').length;
  return h('div', null,
    h('h2', null, 'Event catalogue'),
    h('p', { class: 'muted' }, 'The events this site defined, and every event name its stored events carry. ',
      list.data && (undefinedCount
        ? h('strong', null, undefinedCount + (undefinedCount === 1 ? ' event is' : ' events are') + ' sent but not defined.')
        : 'Every event sent is defined.')),
    h('form', { class: 'inline-form', onSubmit: mode.submit },
      h(Field, { label: 'Validation', hint: 'Warn stores every event and counts its problems against the definitions below (last 30 days in the table). Blocked events are refused either way.' },
        h('select', { id: 'validation-mode', name: 'validation', value: site.settings.validation || 'off' },
          h('option', { value: 'off' }, 'Off'), h('option', { value: 'warn' }, 'Warn: store and count problems'))),
      h(Save, { form: mode })),
    h(Listing, { load: list, empty: 'No events yet: nothing was sent and nothing is defined.', head: ['Event', 'Status', 'Events', 'Last seen', 'Owner', 'Problems (30 days)', ''], row: (e) => [
      h('span', null, h('code', null, e.name), e.description && h('span', { class: 'hint' }, e.description)),
      h('span', { class: 'badge status-' + e.status }, STATUS_LABELS[e.status] || e.status),
      fmt.int(e.events),
      e.last_seen ? fmt.relative(e.last_seen) : '—',
      e.owner || '—',
      problemText(e.problems_30d),
      h('button', { type: 'button', class: 'link-button', onClick: () => setEditing(e) }, e.defined ? 'Edit' : 'Define'),
    ] }),
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'button', onClick: () => setEditing({ name: '', defined: false, status: 'undefined', properties: [], tags: [] }) }, 'Define an event')),
    editing && h(EventForm, { site, event: editing, onClose: () => setEditing(null), onSaved: () => { setEditing(null); list.retry(); } }),
    h(Completeness, { site }));
}

/**
 * The daily completeness check of the last two weeks: each day's stored events against the median
 * of the same weekday in the four weeks before; a day below half of it is flagged.
 */
const UTC_DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

function Completeness({ site }) {
  const checks = useLoad(() => get(siteUrl(site, '/data-quality?days=14')).then((r) => r.completeness.slice().reverse()), 'completeness');
  const dropped = (checks.data || []).filter((c) => c.dropped).length;
  return h('div', { class: 'completeness' },
    h('h3', null, 'Completeness, last 14 days'),
    h('p', { class: 'muted' }, 'Each day\'s events against the median of the same weekday in the four weeks before. ',
      checks.data && (dropped ? h('strong', null, dropped + (dropped === 1 ? ' day dropped' : ' days dropped') + ' below half of the usual.') : 'No day dropped below half of the usual.')),
    h(Listing, { load: checks, empty: 'No days yet.', head: ['Day', 'Events', 'Usual (median)', 'Check'], row: (c) => [
      // A UTC day: formatted in UTC, or a browser west of Greenwich would show the day before.
      UTC_DAY.format(new Date(c.day)),
      fmt.int(c.events),
      c.expected == null ? '—' : fmt.int(c.expected),
      c.dropped ? h('span', { class: 'badge status-blocked' }, 'Dropped') : c.expected == null || c.expected < 20 ? h('span', { class: 'muted' }, 'Too little history') : h('span', { class: 'badge status-expected' }, 'OK'),
    ] }));
}

function EventForm({ site, event, onClose, onSaved }) {
  const [properties, setProperties] = useState((event.properties || []).map((p) => ({ ...p, allowed: (p.allowed || []).join(', ') })));
  const set = (i, field, value) => setProperties(properties.map((p, j) => (j === i ? { ...p, [field]: value } : p)));
  // Controlled: a re-render (adding a property) must not reset what was typed.
  const [fields, setFields] = useState({
    name: event.name || '', description: event.description || '', owner: event.owner || '',
    tags: (event.tags || []).join(', '), status: event.defined ? event.status : 'expected',
  });
  const field = (name) => ({ name, value: fields[name], onInput: (e) => setFields({ ...fields, [name]: e.target.value }) });
  const form = useSubmit(async () => {
    const name = event.name || fields.name.trim();
    const number = (v) => (v === '' || v == null ? null : Number(v));
    await api('PUT', siteUrl(site, '/events/' + encodeURIComponent(name)), {
      description: fields.description, owner: fields.owner,
      tags: fields.tags.split(',').map((t) => t.trim()).filter(Boolean),
      status: fields.status,
      properties: properties.map((p) => ({
        name: p.name.trim(), type: p.type, required: !!p.required,
        allowed: p.type === 'string' ? String(p.allowed || '').split(',').map((v) => v.trim()).filter(Boolean) : [],
        min: p.type === 'number' ? number(p.min) : null, max: p.type === 'number' ? number(p.max) : null,
      })),
    });
    onSaved();
  });
  const remove = useSubmit(async () => {
    await api('DELETE', siteUrl(site, '/events/' + encodeURIComponent(event.name)));
    onSaved();
  });
  return h(Modal, { title: event.name ? 'Define ' + event.name : 'Define an event', titleId: 'event-form-title', onClose, wide: true },
    h('form', { id: 'event-form', onSubmit: form.submit },
      !event.name && h(Field, { label: 'Event name' }, h('input', { ...field('name'), required: true, maxLength: 200, placeholder: 'signup' })),
      h(Field, { label: 'Description', hint: 'What the event means, for whoever reads the reports.' }, h('textarea', { ...field('description'), rows: 2, maxLength: 2000 })),
      h('div', { class: 'inline-form' },
        h(Field, { label: 'Owner' }, h('input', { ...field('owner'), maxLength: 200, placeholder: 'growth team' })),
        h(Field, { label: 'Tags', hint: 'Comma-separated.' }, h('input', field('tags'))),
        h(Field, { label: 'Status' }, h('select', { name: 'status', value: fields.status, onChange: (e) => setFields({ ...fields, status: e.target.value }) },
          h('option', { value: 'expected' }, 'Expected'), h('option', { value: 'unexpected' }, 'Unexpected (listed, flagged)'), h('option', { value: 'blocked' }, 'Blocked (never stored)')))),
      h('h3', null, 'Properties'),
      properties.length === 0 && h('p', { class: 'muted' }, 'No property schema: any properties are accepted.'),
      properties.map((p, i) => h('fieldset', { key: i, class: 'property-row' },
        h('legend', { class: 'sr-only' }, 'Property ' + (i + 1)),
        h(Field, { label: 'Name' }, h('input', { value: p.name, required: true, maxLength: 100, onInput: (e) => set(i, 'name', e.target.value) })),
        h(Field, { label: 'Type' }, h('select', { value: p.type, onChange: (e) => set(i, 'type', e.target.value) },
          h('option', { value: 'string' }, 'Text'), h('option', { value: 'number' }, 'Number'), h('option', { value: 'boolean' }, 'Yes/no'))),
        h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: !!p.required, onChange: (e) => set(i, 'required', e.target.checked) }), h('span', null, 'Required')),
        p.type === 'string' && h(Field, { label: 'Allowed values', hint: 'Comma-separated; empty allows any.' }, h('input', { value: p.allowed || '', onInput: (e) => set(i, 'allowed', e.target.value) })),
        p.type === 'number' && h(Field, { label: 'Min' }, h('input', { type: 'number', step: 'any', value: p.min ?? '', onInput: (e) => set(i, 'min', e.target.value) })),
        p.type === 'number' && h(Field, { label: 'Max' }, h('input', { type: 'number', step: 'any', value: p.max ?? '', onInput: (e) => set(i, 'max', e.target.value) })),
        h('button', { type: 'button', class: 'link-button danger', onClick: () => setProperties(properties.filter((_, j) => j !== i)) }, 'Remove'))),
      h('button', { type: 'button', class: 'button', onClick: () => setProperties([...properties, { name: '', type: 'string', required: false, allowed: '', min: '', max: '' }]) }, 'Add property'),
      h(Save, { form, label: 'Save definition' }),
      event.defined && h('button', { type: 'button', class: 'link-button danger', disabled: remove.busy, onClick: () => remove.submit() }, 'Delete definition'),
      h(FormError, { error: remove.error })));
}

function Goals({ site }) {
  const list = useLoad(() => get(siteUrl(site, '/goals')), 'goals');
  const [type, setType] = useState('pageview');
  const form = useSubmit(async () => {
    const els = document.getElementById('goal-form').elements;
    const body = { name: els.name.value, type };
    if (type === 'pageview') body.path = els.path.value;
    else {
      body.event_name = els.event_name.value;
      if (els.property_key.value) {
        body.property_key = els.property_key.value;
        body.property_value = els.property_value.value;
      }
    }
    await api('POST', siteUrl(site, '/goals'), body);
    document.getElementById('goal-form').reset();
    list.retry();
  });
  const remove = async (g) => {
    if (!confirm('Delete the goal "' + g.name + '"? Its conversions are no longer counted.')) return;
    await api('DELETE', siteUrl(site, '/goals/' + encodeURIComponent(g.id)));
    list.retry();
  };
  return h('div', null,
    h('h2', null, 'Goals'),
    h(Listing, { load: list, empty: 'No goals yet.', head: ['Name', 'Completed by', ''], row: (g) => [
      g.name,
      g.type === 'pageview' ? 'a view of ' + g.path : 'the event ' + g.event_name + (g.property_key ? ' with ' + g.property_key + ' = ' + g.property_value : ''),
      h('button', { type: 'button', class: 'link-button danger', onClick: () => remove(g) }, 'Delete'),
    ] }),
    h('p', { class: 'muted funnel-presets' }, 'Funnel presets: ',
      h('a', { href: cartAbandonmentHref(site, list.data), id: 'preset-cart-abandonment' }, 'Cart abandonment'),
      ' (cart, checkout, purchase within an hour).'),
    h('h3', null, 'New goal'),
    h('form', { id: 'goal-form', onSubmit: form.submit, class: 'inline-form' },
      h(Field, { label: 'Name' }, h('input', { name: 'name', required: true, maxLength: 120 })),
      h(Field, { label: 'Type' }, h('select', { value: type, onChange: (e) => setType(e.target.value) },
        h('option', { value: 'pageview' }, 'Page view'), h('option', { value: 'event' }, 'Custom event'))),
      type === 'pageview'
        ? h(Field, { label: 'Path', hint: '* matches within a segment, ** across segments: /blog/**' }, h('input', { name: 'path', required: true, placeholder: '/pricing' }))
        : [h(Field, { label: 'Event name', key: 'e' }, h('input', { name: 'event_name', required: true, placeholder: 'signup' })),
          h(Field, { label: 'Property (optional)', key: 'k' }, h('input', { name: 'property_key', placeholder: 'plan' })),
          h(Field, { label: 'Value', key: 'v' }, h('input', { name: 'property_value', placeholder: 'pro' }))],
      h(Save, { form, label: 'Add goal' })));
}

function Links({ site }) {
  const list = useLoad(() => get(siteUrl(site, '/shared-links')), 'links');
  const [created, setCreated] = useState(null);
  const form = useSubmit(async () => {
    const els = document.getElementById('link-form').elements;
    const body = {};
    if (els.password.value) body.password = els.password.value;
    if (els.expires.value) body.expires_at = new Date(els.expires.value + 'T23:59:59').toISOString();
    const link = await api('POST', siteUrl(site, '/shared-links'), body);
    setCreated(location.origin + '/share#' + link.token);
    document.getElementById('link-form').reset();
    list.retry();
  });
  const revoke = async (l) => {
    if (!confirm('Revoke this link? Whoever has it loses access.')) return;
    await api('DELETE', siteUrl(site, '/shared-links/' + encodeURIComponent(l.id)));
    list.retry();
  };
  return h('div', null,
    h('h2', null, 'Shared links'),
    h('p', null, 'A shared link shows this site\'s dashboard, read-only, to anyone who has it: no account, no settings, no other site.'),
    created && h('div', { class: 'notice' }, h('p', null, 'Copy the link now; it is not shown again.'), h(CopyField, { value: created, label: 'Shared link' })),
    h(Listing, { load: list, empty: 'No shared links.', head: ['Created', 'Expires', 'Password', 'State', ''], row: (l) => [
      fmt.instant(l.created_at), l.expires_at ? fmt.instant(l.expires_at) : 'never', l.password_protected ? 'yes' : 'no',
      l.revoked_at ? 'revoked ' + fmt.instant(l.revoked_at) : 'active',
      l.revoked_at ? '' : h('button', { type: 'button', class: 'link-button danger', onClick: () => revoke(l) }, 'Revoke'),
    ] }),
    h('h3', null, 'New shared link'),
    h('form', { id: 'link-form', onSubmit: form.submit, class: 'inline-form' },
      h(Field, { label: 'Password (optional)' }, h('input', { name: 'password', type: 'password', autocomplete: 'new-password' })),
      h(Field, { label: 'Expires (optional)' }, h('input', { name: 'expires', type: 'date' })),
      h(Save, { form, label: 'Create link' })));
}

function Keys({ site }) {
  const list = useLoad(() => get(orgUrl(site, '/api-keys')), 'keys');
  const [created, setCreated] = useState(null);
  const form = useSubmit(async () => {
    const els = document.getElementById('key-form').elements;
    const key = await api('POST', orgUrl(site, '/api-keys'), { name: els.name.value, scopes: [els.scope.value] });
    setCreated(key.key);
    document.getElementById('key-form').reset();
    list.retry();
  });
  const revoke = async (k) => {
    if (!confirm('Revoke the key "' + k.name + '"? Programs using it stop working.')) return;
    await api('DELETE', orgUrl(site, '/api-keys/' + encodeURIComponent(k.id)));
    list.retry();
  };
  return h('div', null,
    h('h2', null, 'API keys of the organization'),
    created && h('div', { class: 'notice' }, h('p', null, 'Copy the key now; it is stored hashed and not shown again.'), h(CopyField, { value: created, label: 'API key' })),
    h(Listing, { load: list, empty: 'No API keys.', head: ['Name', 'Key', 'Scopes', 'Last used', 'State', ''], row: (k) => [
      k.name, h('code', null, k.prefix + '…'), k.scopes.join(', '), k.last_used_at ? fmt.instant(k.last_used_at) : 'never',
      k.revoked_at ? 'revoked' : 'active',
      k.revoked_at ? '' : h('button', { type: 'button', class: 'link-button danger', onClick: () => revoke(k) }, 'Revoke'),
    ] }),
    h('h3', null, 'New API key'),
    h('form', { id: 'key-form', onSubmit: form.submit, class: 'inline-form' },
      h(Field, { label: 'Name' }, h('input', { name: 'name', required: true })),
      h(Field, { label: 'Scope' }, h('select', { name: 'scope' }, h('option', { value: 'read:stats' }, 'read:stats (statistics only)'), h('option', { value: 'admin' }, 'admin'))),
      h(Save, { form, label: 'Create key' })));
}

function Members({ site }) {
  const list = useLoad(() => get(orgUrl(site, '/members')), 'members');
  const invited = useLoad(() => get(orgUrl(site, '/invitations')), 'invitations');
  const [sent, setSent] = useState(null);
  const sites = useLoad(() => get('/api/admin/sites'), 'member-sites');
  const orgSites = (sites.data || []).filter((s) => s.organization_id === site.organization_id);
  const form = useSubmit(async () => {
    const els = document.getElementById('member-form').elements;
    const ids = [...els.sites.selectedOptions].map((o) => o.value);
    const body = { email: els.email.value, role: els.role.value, site_ids: ids };
    const r = await api('POST', orgUrl(site, '/members'), body);
    setSent(r);
    document.getElementById('member-form').reset();
    invited.retry();
  });
  const revoke = async (i) => {
    await api('DELETE', orgUrl(site, '/invitations/' + encodeURIComponent(i.id)));
    invited.retry();
  };
  const change = async (m, role, readsPeople) => {
    const body = { role, site_ids: m.site_ids };
    if (readsPeople !== undefined) body.reads_people = readsPeople;
    await api('PATCH', orgUrl(site, '/members/' + encodeURIComponent(m.person_id)), body);
    list.retry();
  };
  const remove = async (m) => {
    if (!confirm('Remove ' + m.email + ' from the organization?')) return;
    await api('DELETE', orgUrl(site, '/members/' + encodeURIComponent(m.person_id)));
    list.retry();
  };
  const siteName = (id) => (orgSites.find((s) => s.id === id) || { name: id }).name;
  const roles = ['owner', 'admin', 'analyst', 'viewer'];
  return h('div', null,
    h('h2', null, 'Members and roles'),
    h('p', { class: 'muted' }, 'Owners and admins change settings; analysts read every site and its people; viewers read the sites they are granted, and their people only where the People box is ticked. Restricting a member to some sites hides the others from them.'),
    h(Listing, { load: list, empty: 'No members.', head: ['Person', 'Role', 'Sites', 'People', ''], row: (m) => [
      h('span', null, m.name || m.email, m.name && h('span', { class: 'muted' }, ' ', m.email)),
      h('select', { value: m.role, 'aria-label': 'Role of ' + m.email, onChange: (e) => change(m, e.target.value).catch((err) => alert(err.message)) }, roles.map((r) => h('option', { value: r, key: r }, r))),
      m.site_ids.length ? m.site_ids.map(siteName).join(', ') : 'all sites',
      m.role === 'viewer'
        ? h('label', { class: 'check inline' }, h('input', { type: 'checkbox', checked: !!m.reads_people, 'aria-label': 'People of ' + m.email, onChange: (e) => change(m, m.role, e.target.checked).catch((err) => alert(err.message)) }), ' reads people')
        : h('span', { class: 'muted' }, 'by role'),
      h('button', { type: 'button', class: 'link-button danger', onClick: () => remove(m).catch((err) => alert(err.message)) }, 'Remove'),
    ] }),
    h('h3', null, 'Pending invitations'),
    h(Listing, { load: invited, empty: 'No pending invitations.', head: ['Email', 'Role', 'Expires', ''], row: (i) => [
      i.email, i.role, fmt.instant(i.expires_at),
      h('button', { type: 'button', class: 'link-button danger', onClick: () => revoke(i).catch((err) => alert(err.message)) }, 'Revoke'),
    ] }),
    h('h3', null, 'Invite a member'),
    h('p', { class: 'muted' }, 'They join once they accept: by the mailed link, or after signing in. Invitations expire after 7 days.'),
    sent && h('p', { class: 'notice', role: 'status' }, sent.mailed
      ? 'Invitation sent to ' + sent.invitation.email + '.'
      : 'Invitation made for ' + sent.invitation.email + '. No mail server is configured: ask them to sign in and open ' + location.origin + '/invite to accept it.'),
    h('form', { id: 'member-form', onSubmit: form.submit, class: 'inline-form' },
      h(Field, { label: 'Email' }, h('input', { name: 'email', type: 'email', required: true })),
      // The least power first: a form reset after inviting someone falls back to the first option.
      h(Field, { label: 'Role' }, h('select', { name: 'role' }, [...roles].reverse().map((r) => h('option', { value: r, key: r, selected: r === 'viewer' }, r)))),
      h(Field, { label: 'Only these sites', hint: 'None selected: all sites of the organization.' },
        h('select', { name: 'sites', multiple: true, size: Math.min(4, Math.max(2, orgSites.length)) }, orgSites.map((s) => h('option', { value: s.id, key: s.id }, s.name)))),
      h(Save, { form, label: 'Send invitation' })));
}

function Audit({ site }) {
  const list = useLoad(() => get(orgUrl(site, '/audit?limit=100')), 'audit');
  const names = useLoad(() => auditNames(site), 'audit-names');
  const n = names.data || { byId: {}, keys: {} };
  const named = (id, label) => h('span', { title: id }, label);
  const who = (actor) => {
    const [kind, id] = actor.split(':');
    if (kind === 'person' && n.byId[id]) return named(actor, n.byId[id]);
    if (kind === 'apikey' && n.keys[id]) return named(actor, 'API key ' + n.keys[id]);
    if (actor === 'bootstrap') return named(actor, 'Installation token');
    return actor;
  };
  const what = (e) => (n.byId[e.target] ? named(e.target, n.byId[e.target]) : e.details && (e.details.name || e.details.email) ? named(e.target, e.details.name || e.details.email) : e.target);
  return h('div', null,
    h('h2', null, 'Audit log'),
    h('p', { class: 'muted' }, 'Every administrative change of the organization, newest first, with the truncated network it came from.'),
    h(Listing, { load: list, empty: 'Nothing changed yet.', head: ['When', 'Who', 'What', 'Target', 'Network'], row: (e) => [
      fmt.instant(e.at), who(e.actor), e.action, what(e), e.network,
    ] }));
}

/**
 * The names behind the audit log's ids: people, sites, API keys, goals and this site's shared links
 * still there (an id whose object is gone stays an id). Each list that cannot be read is left out.
 */
async function auditNames(site) {
  const read = (path) => get(path).catch(() => []);
  const [members, sites, keys, goals, links] = await Promise.all([
    read(orgUrl(site, '/members')), read('/api/admin/sites'), read(orgUrl(site, '/api-keys')), read(siteUrl(site, '/goals')),
    read(siteUrl(site, '/shared-links')),
  ]);
  const byId = {};
  const byPrefix = {};
  members.forEach((m) => { byId[m.person_id] = m.name ? m.name + ' (' + m.email + ')' : m.email; });
  sites.forEach((s) => { byId[s.id] = 'Site ' + s.name; });
  keys.forEach((k) => { byId[k.id] = 'API key ' + k.name; byPrefix[k.prefix] = k.name; });
  goals.forEach((g) => { byId[g.id] = 'Goal ' + g.name; });
  links.forEach((l) => { byId[l.id] = 'Shared link of ' + site.name + ', created ' + fmt.instant(l.created_at); });
  return { byId, keys: byPrefix };
}

/** A table of a loaded list, with loading, error and empty states. */
function Listing({ load, empty, head, row }) {
  if (load.error) return h(ErrorBox, { error: load.error, retry: load.retry });
  if (!load.data) return h(Skeleton, { lines: 3 });
  if (!load.data.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('thead', null, h('tr', null, head.map((x, i) => h('th', { key: i, scope: 'col' }, x || h('span', { class: 'sr-only' }, 'Actions'))))),
    h('tbody', null, load.data.map((item, i) => h('tr', { key: item.id || item.person_id || i }, row(item).map((c, j) => h('td', { key: j, 'data-label': head[j] }, c)))))));
}

/** Whether the person may add and delete sites in the organization: owner or admin of every site. */
export function managesSites(me, orgId) {
  const m = (me.memberships || []).find((x) => x.organization_id === orgId);
  return !!m && (m.role === 'owner' || m.role === 'admin') && !(m.site_ids || []).length;
}

/**
 * /sites: the sites of each organization the person belongs to. Owners and admins add sites here
 * at any time and delete them.
 */
export function Sites({ me, orgs, sites, onChanged }) {
  const [deleting, setDeleting] = useState(null);
  const [deleted, setDeleted] = useState('');
  const managed = orgs.filter((o) => managesSites(me, o.id));
  const shown = orgs.filter((o) => managesSites(me, o.id) || sites.some((s) => s.organization_id === o.id));
  return h('div', { class: 'sites-page' },
    h('h1', null, 'Sites'),
    deleted && h('p', { class: 'notice', role: 'status' }, 'Deleted ', h('strong', null, deleted), ' and all its data.'),
    shown.map((o) => h(OrganizationSites, {
      key: o.id, org: o, titled: shown.length > 1, manager: managesSites(me, o.id),
      sites: sites.filter((s) => s.organization_id === o.id), onDelete: setDeleting,
    })),
    managed.length > 0 && h(NewSite, { orgs: managed, onCreated: onChanged, title: 'Add a site' }),
    deleting && h(DeleteSite, {
      site: deleting,
      onClose: () => setDeleting(null),
      onDeleted: () => {
        setDeleted(deleting.name);
        setDeleting(null);
        onChanged();
      },
    }));
}

function OrganizationSites({ org, titled, manager, sites, onDelete }) {
  const head = ['Name', 'Domain', 'Time zone', 'Created', ''];
  return h('section', { class: 'card sites-card', 'aria-label': titled ? null : 'Sites of ' + org.name, 'aria-labelledby': titled ? 'org-' + org.id : null },
    titled && h('h2', { id: 'org-' + org.id }, org.name),
    sites.length === 0
      ? h('p', { class: 'empty' }, 'No sites in this organization yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table sites-table' },
        h('thead', null, h('tr', null, head.map((x, i) => h('th', { key: i, scope: 'col' }, x || h('span', { class: 'sr-only' }, 'Actions'))))),
        h('tbody', null, sites.map((s) => h('tr', { key: s.id, 'data-site': s.id },
          h('th', { scope: 'row', 'data-label': head[0] }, h('a', { href: '/sites/' + encodeURIComponent(s.id) }, s.name)),
          h('td', { 'data-label': head[1] }, s.domain),
          h('td', { 'data-label': head[2] }, s.timezone),
          h('td', { 'data-label': head[3] }, s.created_at ? fmt.instant(s.created_at) : fmt.NONE),
          h('td', { class: 'actions', 'data-label': '' },
            manager && h('a', { href: '/sites/' + encodeURIComponent(s.id) + '/settings', class: 'button ghost small' }, 'Settings'),
            manager && h('button', { type: 'button', class: 'button ghost small danger', onClick: () => onDelete(s), 'aria-label': 'Delete ' + s.name }, 'Delete…'))))))));
}

/** Deleting a site asks for its name to be typed: nothing of it can be brought back. */
function DeleteSite({ site, onClose, onDeleted }) {
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === site.name;
  const form = useSubmit(async () => {
    if (!matches) return;
    await api('DELETE', siteUrl(site));
    onDeleted();
  });
  return h(Modal, { title: 'Delete ' + site.name + '?', titleId: 'delete-site-title', onClose },
    h('form', { id: 'delete-site', onSubmit: form.submit },
      h('p', null, 'This deletes ', h('strong', null, site.name), ' (', site.domain, ') with all its data: every event and report, goals, shared links and email reports. Its tracking snippet stops working at once. This cannot be undone.'),
      h(Field, { label: 'Type “' + site.name + '” to confirm' },
        h('input', { name: 'confirm', autocomplete: 'off', spellcheck: false, value: typed, onInput: (e) => setTyped(e.target.value), autofocus: true })),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button danger-fill', disabled: !matches || form.busy }, form.busy ? 'Deleting…' : 'Delete this site'),
        h('button', { type: 'button', class: 'button ghost', onClick: onClose }, 'Cancel'),
        h(FormError, { error: form.error }))));
}

/** A new site of an organization: the first of a new installation, or another one at any time. */
export function NewSite({ orgs, onCreated, title }) {
  const form = useSubmit(async () => {
    const els = document.getElementById('new-site').elements;
    const site = await api('POST', '/api/admin/sites', {
      organization_id: els.org.value, name: els.name.value, domain: els.domain.value,
      timezone: els.timezone.value, currency: els.currency.value.toUpperCase(),
    });
    onCreated();
    navigate('/sites/' + encodeURIComponent(site.id) + '/settings?tab=tracking');
  });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return h('form', { id: 'new-site', class: 'card narrow new-site', onSubmit: form.submit },
    h(title ? 'h2' : 'h1', null, title || 'Add your first site'),
    orgs.length > 1
      ? h(Field, { label: 'Organization' }, h('select', { name: 'org' }, orgs.map((o) => h('option', { value: o.id, key: o.id }, o.name))))
      : h('input', { type: 'hidden', name: 'org', value: orgs.length ? orgs[0].id : '' }),
    h(Field, { label: 'Name' }, h('input', { name: 'name', required: true, placeholder: 'My shop', maxLength: 200 })),
    h(Field, { label: 'Domain', hint: 'A pasted address like https://shop.example/ is fine: only the host is kept.' },
      h('input', { name: 'domain', required: true, placeholder: 'shop.example', autocapitalize: 'none', spellcheck: false })),
    h(Field, { label: 'Time zone', hint: 'Days, hours and "today" in every report follow this zone.' },
      h('input', { name: 'timezone', required: true, list: 'new-site-zones', value: Intl.DateTimeFormat().resolvedOptions().timeZone }),
      h('datalist', { id: 'new-site-zones' }, zones.map((z) => h('option', { value: z, key: z })))),
    h(Field, { label: 'Currency' }, h('input', { name: 'currency', maxLength: 3, value: 'EUR' })),
    h(Save, { form, label: 'Create site' }));
}
