import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent, AriaComponent, SVGRenderer]);

export interface ForecastSeries {
  dates: string[];
  /** Projected stock at the end of each day (on hand + incoming - outgoing so far), as inventory computes it. */
  projected: string[];
  incoming: string[];
  outgoing: string[];
  /** Quantities of open drafts planned on each day (not yet in inventory's incoming). */
  drafts: string[];
  min?: string | undefined;
  max?: string | undefined;
  /** The chart opens zoomed up to this date (a week past the last dated change); the slider shows the rest. */
  zoomTo?: string | undefined;
}

// Quantities are decimal strings from the services; the chart only draws them, so a float per point is enough.
// Points are [date, value] on a time axis: days without a change take their true width.
const plot = (dates: string[], values: string[], sign = 1) =>
  dates.flatMap((d, n) => (values[n] === '' || values[n] === undefined ? [] : [[d, sign * Number(values[n])]]));

/** Projected stock over time with incoming, outgoing and drafts in progress, and the rule's min and max as lines. */
export function ForecastChart({ title, series }: { title: string; series: ForecastSeries }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | undefined>(undefined);

  useEffect(() => {
    const el = element.current!;
    chart.current = echarts.init(el, undefined, { renderer: 'svg' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    const lines = [
      ...(series.min !== undefined ? [{ name: 'min', yAxis: Number(series.min), label: { formatter: `min ${series.min}` }, lineStyle: { color: '#b45309' } }] : []),
      ...(series.max !== undefined ? [{ name: 'max', yAxis: Number(series.max), label: { formatter: `max ${series.max}` }, lineStyle: { color: '#047857' } }] : []),
    ];
    chart.current?.setOption(
      {
        aria: { enabled: true, decal: { show: true } },
        title: { show: false, text: title },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 56, right: 72, top: 36, bottom: 64 },
        xAxis: { type: 'time', minInterval: 86_400_000 },
        yAxis: { type: 'value', name: 'quantity' },
        dataZoom: [{ type: 'slider', bottom: 8, ...(series.zoomTo ? { endValue: series.zoomTo } : {}) }],
        series: [
          { name: 'projected stock', type: 'line', step: 'end', data: plot(series.dates, series.projected), markLine: { symbol: 'none', data: lines }, z: 3 },
          { name: 'incoming', type: 'bar', stack: 'moves', barMaxWidth: 24, data: plot(series.dates, series.incoming), itemStyle: { color: '#2563eb' } },
          { name: 'outgoing', type: 'bar', stack: 'moves', barMaxWidth: 24, data: plot(series.dates, series.outgoing, -1), itemStyle: { color: '#dc2626' } },
          { name: 'drafts in progress', type: 'bar', barMaxWidth: 24, data: plot(series.dates, series.drafts), itemStyle: { color: '#a855f7' } },
        ],
      },
      { notMerge: true },
    );
  }, [title, series]);

  return <div ref={element} className="chart" role="img" aria-label={title} data-testid="forecast-chart" />;
}
