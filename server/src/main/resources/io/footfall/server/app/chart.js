// The timeseries chart: uPlot, sized to its container, with the compared period as a dashed line.
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import * as fmt from './format.js';

const COLORS = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#16a34a', '#7c3aed'];

/**
 * labels: the buckets' local start times; series: [{label, values, dashed}]; kind and currency
 * format the values; interval formats the buckets.
 */
export function TimeChart({ labels, series, kind, currency, interval, height = 260, title }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    const xs = labels.map(fmt.labelSeconds);
    const value = (v) => (v === null || v === undefined ? '–' : fmt.metric(kind, v, currency));
    const axisValue = (v) => (kind === 'money' || kind === 'int' ? fmt.short(v) : fmt.metric(kind, v, currency));
    const opts = {
      width: Math.max(el.clientWidth, 280),
      height,
      title: undefined,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        interval === 'hour' || interval === 'minute'
          ? { stroke: '#6b7280', grid: { show: false }, ticks: { stroke: '#e5e7eb' } }
          : {
            // Days, weeks and months: ticks on the buckets themselves, as many as fit.
            stroke: '#6b7280', grid: { show: false }, ticks: { stroke: '#e5e7eb' },
            splits: (u) => {
              const step = Math.max(1, Math.ceil(xs.length / Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 70))));
              return xs.filter((_, i) => i % step === 0);
            },
            values: (u, splits) => splits.map((ts) => fmt.tick(ts, interval)),
          },
        { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { show: false }, size: 56, values: (u, ticks) => ticks.map(axisValue) },
      ],
      series: [
        { label: interval === 'week' ? 'Week of' : 'Time', value: (u, ts) => (ts === null ? '–' : fmt.bucket(labels[xs.indexOf(ts)] || '', interval)) },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.dashed ? '#9ca3af' : COLORS[i % COLORS.length],
          width: 2,
          dash: s.dashed ? [6, 4] : undefined,
          fill: !s.dashed && series.length <= 2 ? 'rgba(79, 70, 229, 0.08)' : undefined,
          points: { show: labels.length <= 45 },
          value: (u, v) => value(v),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 280), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, kind, currency, interval, height]);
  return h('div', { class: 'chart', ref: box, role: 'img', 'aria-label': title || 'Chart' });
}
