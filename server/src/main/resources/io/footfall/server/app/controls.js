// The view's controls: date range (presets and custom), comparison, filter chips.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { RANGES, navigate, urlWith, rangeLabel, filterText } from './state.js';
import { dimensionLabel, OPERATORS } from './metrics.js';
import * as fmt from './format.js';

export function RangePicker({ v }) {
  const custom = v.range.includes(',');
  const [editing, setEditing] = useState(false);
  const [from, to] = custom ? v.range.split(',') : ['', ''];
  const choose = (e) => {
    const value = e.target.value;
    if (value === 'custom') {
      setEditing(true);
      return;
    }
    setEditing(false);
    navigate(urlWith({ range: value, interval: null }));
  };
  const apply = (e) => {
    e.preventDefault();
    const f = e.target.elements.from.value;
    const t = e.target.elements.to.value;
    if (f && t) {
      setEditing(false);
      navigate(urlWith({ range: f <= t ? f + ',' + t : t + ',' + f, interval: null }));
    }
  };
  return h('div', { class: 'range-picker' },
    h('label', { class: 'sr-only', for: 'range' }, 'Date range'),
    h('select', { id: 'range', value: custom || editing ? 'custom' : v.range, onChange: choose },
      RANGES.map(([k, label]) => h('option', { value: k, key: k }, label)),
      h('option', { value: 'custom' }, custom ? rangeLabel(v.range) : 'Custom range…')),
    (editing || custom) && h('form', { class: 'custom-range', onSubmit: apply },
      h('label', null, h('span', { class: 'sr-only' }, 'From'), h('input', { type: 'date', name: 'from', value: from, required: true })),
      h('span', { 'aria-hidden': 'true' }, '–'),
      h('label', null, h('span', { class: 'sr-only' }, 'To'), h('input', { type: 'date', name: 'to', value: to, required: true })),
      h('button', { type: 'submit', class: 'button small' }, 'Apply')));
}

export function ComparePicker({ v }) {
  return h('div', { class: 'compare-picker' },
    h('label', { class: 'sr-only', for: 'compare' }, 'Compare with'),
    h('select', { id: 'compare', value: v.compare, onChange: (e) => navigate(urlWith({ compare: e.target.value })) },
      h('option', { value: '' }, 'No comparison'),
      h('option', { value: 'previous_period' }, 'vs. previous period'),
      h('option', { value: 'year_over_year' }, 'vs. year before')));
}

/** How a dimension's value reads: countries by name with their code, direct traffic by name. */
export function valueLabel(dim, value) {
  if (dim === 'visit:country' && /^[A-Z]{2}$/.test(value)) {
    return h('span', { class: 'country' }, h('span', { class: 'code' }, value), fmt.country(value));
  }
  if (value === '(none)' && (dim === 'visit:source' || dim === 'visit:referrer')) return 'Direct / none';
  return value;
}

/**
 * After a filter changes, the control that changed it is gone (a chip) or disabled (a panel's row):
 * the focus moves to the filters, which say what the view now shows, or to the page when none are
 * left, instead of falling back to the top of the document.
 */
function focusFilters() {
  setTimeout(() => {
    const target = document.getElementById('filters') || document.getElementById('main');
    if (target) target.focus({ preventScroll: target.id === 'main' });
  }, 0);
}

export function FilterChips({ v }) {
  if (!v.filters.length) return null;
  const remove = (f) => {
    navigate(urlWith({ f: v.filters.filter((x) => x !== f).map(filterText) }));
    focusFilters();
  };
  return h('div', { class: 'chips', role: 'list', 'aria-label': 'Filters', id: 'filters', tabIndex: -1 },
    v.filters.map((f) => h('span', { class: 'chip', role: 'listitem', key: filterText(f) },
      h('span', null, dimensionLabel(f.dim), ' ', h('em', null, OPERATORS[f.op] || f.op), ' ', h('strong', null, valueLabel(f.dim, f.value))),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': 'Remove filter ' + dimensionLabel(f.dim) + ' ' + f.value, onClick: () => remove(f) }, '×'))),
    v.filters.length > 1 && h('button', { type: 'button', class: 'link-button', onClick: () => { navigate(urlWith({ f: [] })); focusFilters(); } }, 'Clear all'));
}

/** Adds "dimension is value" to the view, replacing another filter on the same dimension. */
export function addFilter(v, dim, value) {
  const rest = v.filters.filter((f) => f.dim !== dim);
  navigate(urlWith({ f: [...rest, { op: 'is', dim, value }].map(filterText) }));
  focusFilters();
}
