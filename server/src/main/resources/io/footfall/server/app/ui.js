// Small pieces every page uses: loading, errors with a retry, explanations, the tracking snippet.
import { h } from 'preact';
import { useEffect, useState, useCallback, useRef } from 'preact/hooks';
import { DEFINITIONS } from './metrics.js';

/**
 * Runs an async load whenever key changes; answers {data, error, loading, retry}. A stale answer
 * (the key changed meanwhile) is dropped.
 */
export function useLoad(load, key) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    const id = ++current.current;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    load().then(
      (data) => id === current.current && setState({ data, error: null, loading: false }),
      (error) => id === current.current && setState({ data: null, error, loading: false }),
    );
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...state, retry };
}

export function Skeleton({ lines = 3, height }) {
  const rows = [];
  for (let i = 0; i < lines; i++) rows.push(h('div', { class: 'skeleton', style: height ? { height } : null, key: i }));
  return h('div', { class: 'skeletons', 'aria-busy': 'true', 'aria-label': 'Loading' }, rows);
}

export function ErrorBox({ error, retry }) {
  return h('div', { class: 'error-box', role: 'alert' },
    h('p', null, h('strong', null, 'Could not load this. '), error.message),
    retry && h('button', { type: 'button', class: 'button small', onClick: retry }, 'Retry'));
}

// Escape closes every open explanation, wherever the focus is (also under a hovering mouse).
const dismissers = new Set();
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') dismissers.forEach((dismiss) => dismiss());
});

/**
 * A "?" that explains a number on hover, on focus and on click; keyboard reachable; Escape closes
 * it until the pointer or the focus leaves it.
 */
export function Info({ text, label }) {
  const [open, setOpen] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const id = useRef('info-' + Math.random().toString(36).slice(2)).current;
  const button = useRef(null);
  useEffect(() => {
    const dismiss = () => {
      // Focus on the closing explanation's link goes back to its "?", not to the document.
      if (button.current && button.current.parentNode.contains(document.activeElement)) button.current.focus();
      setOpen(false);
      setDismissed(true);
    };
    dismissers.add(dismiss);
    return () => dismissers.delete(dismiss);
  }, []);
  const reset = () => {
    setOpen(false);
    setDismissed(false);
  };
  return h('span', {
    class: 'info' + (open ? ' open' : '') + (dismissed ? ' dismissed' : ''),
    onMouseEnter: reset,
    onMouseLeave: reset,
    onFocusOut: (e) => { if (!e.currentTarget.contains(e.relatedTarget)) reset(); },
  },
    h('button', {
      type: 'button', class: 'info-button', ref: button, 'aria-describedby': id, 'aria-expanded': open && !dismissed,
      'aria-label': 'What is ' + (label || 'this') + '?',
      onClick: (e) => { e.stopPropagation(); setDismissed(false); setOpen(!open); },
    }, '?'),
    h('span', { class: 'tooltip', role: 'tooltip', id },
      // Reachable by Tab only while the explanation is open (a click or Enter on "?"): a hidden
      // link in the tab order would be a stop that shows nothing.
      text, ' ', h('a', { href: DEFINITIONS, target: '_blank', rel: 'noopener', tabIndex: open && !dismissed ? 0 : -1 }, 'Definitions')));
}

/** Names the browser tab after the page: "Overview · Demo · Footfall". */
export function useTitle(...parts) {
  const title = [...parts, 'Footfall'].filter(Boolean).join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** The tracker's tag; on sites that ask for consent, with their level and the banner add-on. */
export function snippet(site) {
  const level = site.settings && site.settings.consent;
  const tag = '<script defer data-site="' + site.write_key + '"'
    + (level && level !== 'anonymous' ? ' data-consent="' + level + '"' : '')
    + ' src="' + location.origin + '/t.js"></script>';
  return level && level !== 'anonymous'
    ? tag + '\n<!-- Optional: Footfall\'s consent banner (or call footfall.consent from your own) -->\n'
      + '<script defer src="' + location.origin + '/consent.js" data-policy="/privacy"></script>'
    : tag;
}

/** The site's public privacy page, for its privacy policy to link to. */
export function privacyPage(site) {
  return location.origin + '/privacy/' + site.id;
}

export function CopyField({ value, label }) {
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard && navigator.clipboard.writeText(value).then(() => {
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  });
  return h('div', { class: 'copy-field' },
    h('pre', { 'aria-label': label, tabIndex: 0 }, h('code', null, value)),
    h('button', { type: 'button', class: 'button small', onClick: copy }, copied ? 'Copied' : 'Copy'));
}

/** What a site without any event shows: the snippet to install (not to a shared link's reader). */
export function EmptySite({ site, shared, retry }) {
  return h('section', { class: 'card empty-site' },
    h('h2', null, 'No data yet for ', site.name),
    shared
      ? h('p', null, 'Footfall has not received any event for ', h('strong', null, site.domain), ' yet.')
      : [h('p', { key: 'p' }, 'Footfall has not received any event for ', h('strong', null, site.domain), '. Put this tag in the ',
        h('code', null, '<head>'), ' of every page; visits show up here within seconds.'),
      h(CopyField, { value: snippet(site), label: 'Tracking snippet', key: 'c' }),
      h('p', { class: 'muted', key: 'm' }, 'Events can also be sent from a server with POST /api/track; see the README.')],
    h('button', { type: 'button', class: 'button', onClick: retry }, 'Check again'));
}

/** A labelled form field. */
export function Field({ label, hint, children, error }) {
  return h('label', { class: 'field' },
    h('span', { class: 'field-label' }, label),
    children,
    hint && h('span', { class: 'hint' }, hint),
    error && h('span', { class: 'field-error', role: 'alert' }, error));
}

/** Runs a form's async submit with a busy state and the server's message on failure. */
export function useSubmit(action) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const submit = async (e) => {
    if (e) e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone((await action()) || true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, submit, setDone };
}

export function FormError({ error }) {
  if (!error) return null;
  return h('p', { class: 'form-error', role: 'alert' }, error.message);
}

/**
 * A modal dialog on the browser's own <dialog>: it keeps focus inside, Escape and the close button
 * close it, and focus goes back to where it was. titleId names the heading for assistive tech.
 */
export function Modal({ title, titleId, onClose, children, wide }) {
  const ref = useRef(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog && dialog.open && dialog.close();
  }, []);
  return h('dialog', {
    ref, class: 'modal' + (wide ? ' wide' : ''), 'aria-labelledby': titleId,
    onCancel: (e) => { e.preventDefault(); onClose(); },
    // A click on the backdrop lands on the dialog element itself, never on its content.
    onClick: (e) => e.target === ref.current && onClose(),
  },
    h('div', { class: 'modal-inner' },
      h('header', { class: 'modal-head' },
        h('h2', { id: titleId }, title),
        h('button', { type: 'button', class: 'modal-close', 'aria-label': 'Close', onClick: onClose }, '×')),
      children));
}
