import {
  Chart,
  type ChartDataset,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type PointStyle,
  ScatterController,
  type ScriptableContext,
  Tooltip,
  type TooltipItem,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatCount } from '../format/quantity';
import type { Names } from '../format/names';
import { formatShortInstant } from '../format/time';
import {
  type ClaimantSeries,
  disputeRange,
  type GroupTimeline,
  type SeriesPoint,
} from './timeline-series';

// Only what the timeline draws, so the bundle carries no unused chart types.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Tooltip);

/** Okabe–Ito: told apart by people with the common colour-vision deficiencies. */
const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
];
export const DISPUTE_OPEN = '#C1121F';
export const DISPUTE_CLOSED = '#8D99AE';

export const seriesColour = (index: number): string => PALETTE[index % PALETTE.length] as string;

/** Dash patterns by claimant: with the colour, each series tells itself apart, even in grey. */
const DASHES: readonly (readonly number[])[] = [[], [10, 4], [3, 3], [12, 3, 3, 3], [6, 6], [1, 4]];
/** A claimant's sum of phases, beside its stated total: dotted, in its colour. */
const PHASES_DASH = [2, 4] as const;

export interface SeriesStyle {
  readonly colour: string;
  readonly dash: readonly number[];
  readonly width: number;
}

/**
 * How a series is drawn. Earlier claimants draw wider and later ones on top, thinner: a series
 * with the same figures as another (a relay repeating its source) shows as a line inside a
 * line instead of vanishing under it.
 */
export function seriesStyle(s: Pick<ClaimantSeries, 'claimant' | 'kind'>): SeriesStyle {
  const colour = seriesColour(s.claimant);
  if (s.kind === 'phases') return { colour, dash: PHASES_DASH, width: 2 };
  return {
    colour,
    dash: DASHES[s.claimant % DASHES.length] ?? [],
    width: Math.max(2, 6 - 1.5 * s.claimant),
  };
}

export const seriesLabel = (s: Pick<ClaimantSeries, 'sourceId' | 'kind'>, names: Names): string =>
  s.kind === 'phases' ? `${names.source(s.sourceId)} — sum of phases` : names.source(s.sourceId);

type Point = Pick<SeriesPoint, 'x' | 'y' | 'label'> & {
  readonly precision?: SeriesPoint['precision'];
};

/** A figure's precision in its marker: ▲ "over", ▼ "up to", ■ "about" or a range, ● exact. */
const SHAPE: Record<SeriesPoint['precision'], { style: PointStyle; rotation: number }> = {
  exact: { style: 'circle', rotation: 0 },
  at_least: { style: 'triangle', rotation: 0 },
  up_to: { style: 'triangle', rotation: 180 },
  about: { style: 'rectRounded', rotation: 0 },
  range: { style: 'rectRounded', rotation: 0 },
};

const shapeOf = (ctx: ScriptableContext<'line'>): (typeof SHAPE)[keyof typeof SHAPE] =>
  SHAPE[(ctx.raw as Point | undefined)?.precision ?? 'exact'];

function datasets(
  timeline: GroupTimeline,
  names: Names,
  end: number,
): ChartDataset<'line' | 'scatter', Point[]>[] {
  const lines = timeline.series.map((s): ChartDataset<'line', Point[]> => {
    const last = s.points.at(-1);
    // The last figure holds until now: carry it to the right edge (without a marker there).
    const points: Point[] =
      last !== undefined && last.x < end
        ? [...s.points, { x: end, y: last.y, label: last.label }]
        : [...s.points];
    const style = seriesStyle(s);
    return {
      type: 'line',
      label: seriesLabel(s, names),
      data: points,
      borderColor: style.colour,
      backgroundColor: style.colour,
      borderDash: [...style.dash],
      // Chart.js draws a lower order later, on top: later claimants over earlier ones.
      order: -s.claimant,
      stepped: true,
      borderWidth: style.width,
      pointStyle: (ctx) => shapeOf(ctx).style,
      pointRotation: (ctx) => shapeOf(ctx).rotation,
      pointRadius: (ctx) => ((ctx.raw as Point | undefined)?.precision === undefined ? 0 : 5),
    };
  });
  const marks: ChartDataset<'scatter', Point[]> = {
    type: 'scatter',
    label: 'Disputes',
    data: timeline.disputes.map((d) => ({
      x: d.x,
      y: d.y,
      label: `${d.open ? 'open' : 'resolved'} ${d.kind === 'figure' ? 'dispute' : 'totals discrepancy'}, Δ ${formatCount(d.delta)}`,
    })),
    order: -1000, // drawn last, on top of the lines
    pointStyle: 'rectRot',
    pointRadius: 8,
    pointHoverRadius: 10,
    backgroundColor: timeline.disputes.map((d) => (d.open ? DISPUTE_OPEN : DISPUTE_CLOSED)),
    borderColor: '#ffffff',
  };
  return [...lines, marks];
}

function tooltipLabel(item: TooltipItem<'line' | 'scatter'>): string {
  const point = item.raw as Point;
  return `${item.dataset.label ?? ''}: ${point.label}`;
}

/** Each claimant's cumulative figure over statement time (stepped), with the disputes marked. */
export function TimelineChart({
  timeline,
  names,
  end,
  label,
}: {
  readonly timeline: GroupTimeline;
  readonly names: Names;
  readonly end: number;
  readonly label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line' | 'scatter', Point[]> | null>(null);
  // Figures a few apart (1,245 and 1,248) look alike on a scale that reaches 6,000: zooming to
  // the dispute draws them apart.
  const [zoomed, setZoomed] = useState(false);
  const range = disputeRange(timeline.disputes);

  useEffect(() => {
    if (canvas.current === null) return undefined;
    chart.current = new Chart<'line' | 'scatter', Point[]>(canvas.current, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: {
            type: 'linear',
            ticks: {
              callback: (v) => formatShortInstant(Number(v)),
              maxTicksLimit: 5,
              maxRotation: 0,
            },
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            ticks: { callback: (v) => formatCount(Number(v)) },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: tooltipLabel,
              title: (items) => (items[0] ? formatShortInstant((items[0].raw as Point).x) : ''),
            },
          },
        },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (c === null) return;
    c.data.datasets = datasets(timeline, names, end);
    const y = c.options.scales?.y;
    if (y !== undefined) {
      y.min = zoomed && range ? range.min : undefined;
      y.max = zoomed && range ? range.max : undefined;
    }
    c.update('none');
  }, [timeline, names, end, zoomed, range?.min, range?.max]);

  return (
    <>
      {range ? (
        <p class="chart-tools">
          <button
            type="button"
            class="zoom"
            aria-pressed={zoomed}
            onClick={() => setZoomed(!zoomed)}
          >
            {zoomed ? 'Show the whole scale' : 'Zoom to where figures part'}
          </button>
        </p>
      ) : null}
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      <ul class="chart-legend" aria-label="Legend">
        {timeline.series.map((s) => (
          <li
            key={`${s.sourceId}|${s.kind}`}
            data-source={s.sourceId}
            data-kind={s.kind}
            data-colour={seriesStyle(s).colour}
          >
            <LineSample style={seriesStyle(s)} />
            {seriesLabel(s, names)}
          </li>
        ))}
        <li>
          <span class="swatch dispute" style={{ background: DISPUTE_OPEN }} aria-hidden="true" />
          dispute (where figures part)
        </li>
        <li class="muted">● exact · ▲ over · ▼ up to · ■ about or a range</li>
      </ul>
    </>
  );
}

/** The legend's sample of a series: its colour, width and dash pattern, as the chart draws it. */
export function LineSample({ style }: { readonly style: SeriesStyle }) {
  return (
    <svg class="line-sample" width="32" height="10" viewBox="0 0 32 10" aria-hidden="true">
      <line
        x1="0"
        y1="5"
        x2="32"
        y2="5"
        stroke={style.colour}
        stroke-width={style.width}
        stroke-dasharray={style.dash.length === 0 ? undefined : style.dash.join(' ')}
      />
    </svg>
  );
}
