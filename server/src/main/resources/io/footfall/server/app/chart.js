// The timeseries chart: uPlot, sized to its container, with the compared period as a dashed line.
// The values of the bucket under the cursor show in a tooltip next to it; the legend below only
// names the lines.
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import * as fmt from './format.js';

const COLORS = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#16a34a', '#7c3aed'];

/** Steps of a count axis: whole numbers only, so that 3 visits never read as 2.5. */
const WHOLE = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 2.5e4, 5e4, 1e5, 2e5, 2.5e5, 5e5, 1e6, 2e6, 2.5e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9];

/**
 * labels: the buckets' local start times; series: [{label, values, dashed, labels}] where a
 * series' own labels (the compared period's buckets) name its points in the tooltip; kind and
 * currency format the values; interval formats the buckets.
 */
export function TimeChart({ labels, series, kind, currency, interval, height = 260, title }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    const xs = labels.map(fmt.labelSeconds);
    const value = (v) => (v === null || v === undefined ? '–' : fmt.metric(kind, v, currency));
    const whole = kind === 'int';
    const axisValue = (v) => (kind === 'money' || whole ? fmt.short(v) : fmt.metric(kind, v, currency));
    const opts = {
      width: Math.max(el.clientWidth, 280),
      height,
      title: undefined,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      legend: { live: false },
      scales: {
        x: { time: true },
        y: { range: (u, min, max) => [0, max > 0 ? (whole ? Math.max(1, Math.ceil(max * 1.1)) : max * 1.1) : 1] },
      },
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
        {
          stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { show: false }, size: 56,
          incrs: whole ? WHOLE : undefined,
          // The values are drawn on a canvas; the element also names them, for readers and tests.
          values: (u, ticks) => {
            el.dataset.yTicks = ticks.join(',');
            return ticks.map(axisValue);
          },
        },
      ],
      series: [
        { label: interval === 'week' ? 'Week of' : 'Time' },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.dashed ? '#6b7280' : COLORS[i % COLORS.length],
          width: 2,
          dash: s.dashed ? [6, 4] : undefined,
          fill: !s.dashed && series.length <= 2 ? 'rgba(79, 70, 229, 0.08)' : undefined,
          points: { show: labels.length <= 45 },
        })),
      ],
      plugins: [tooltip(labels, series, interval, value)],
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

/**
 * The tooltip at the cursor: the bucket (as the interval names it), then each line's value, the
 * compared period's with its own bucket. It sits on the side of the cursor with room for it.
 */
function tooltip(labels, series, interval, value) {
  let tip;
  const hide = () => {
    tip.hidden = true;
  };
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement('div');
        tip.className = 'chart-tip';
        tip.hidden = true;
        u.over.appendChild(tip);
        u.over.addEventListener('mouseleave', hide);
      },
      setCursor: (u) => {
        const { left, top, idx } = u.cursor;
        if (idx === null || idx === undefined || left < 0) {
          hide();
          return;
        }
        tip.textContent = '';
        const head = document.createElement('div');
        head.className = 'chart-tip-head';
        head.textContent = fmt.bucket(labels[idx], interval);
        tip.appendChild(head);
        series.forEach((s, i) => {
          const row = document.createElement('div');
          row.className = 'chart-tip-row' + (s.dashed ? ' dashed' : '');
          const name = document.createElement('span');
          const own = s.labels && s.labels[idx];
          name.textContent = s.dashed && own ? fmt.bucket(own, interval) : s.label;
          const v = document.createElement('strong');
          v.textContent = value(s.values[idx]);
          const key = document.createElement('i');
          key.style.borderColor = s.dashed ? '#6b7280' : COLORS[i % COLORS.length];
          if (s.dashed) key.style.borderStyle = 'dashed';
          row.append(key, name, v);
          tip.appendChild(row);
        });
        tip.hidden = false;
        const width = u.over.clientWidth;
        const x = u.valToPos(u.data[0][idx], 'x');
        const right = x + 12 + tip.offsetWidth <= width;
        tip.style.left = (right ? x + 12 : Math.max(0, x - 12 - tip.offsetWidth)) + 'px';
        tip.style.top = Math.max(0, Math.min(top, u.over.clientHeight - tip.offsetHeight)) + 'px';
      },
    },
  };
}
