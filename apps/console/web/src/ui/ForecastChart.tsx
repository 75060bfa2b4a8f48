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
}

// Quantities are decimal strings from the services; the chart only draws them, so a float per point is enough.
const plot = (values: string[], sign = 1) => values.map((v) => (v === '' ? null : sign * Number(v)));

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
        xAxis: { type: 'category', data: series.dates },
        yAxis: { type: 'value', name: 'quantity' },
        dataZoom: [{ type: 'slider', bottom: 8 }],
        series: [
          { name: 'projected stock', type: 'line', step: 'end', data: plot(series.projected), markLine: { symbol: 'none', data: lines }, z: 3 },
          { name: 'incoming', type: 'bar', stack: 'moves', data: plot(series.incoming), itemStyle: { color: '#2563eb' } },
          { name: 'outgoing', type: 'bar', stack: 'moves', data: plot(series.outgoing, -1), itemStyle: { color: '#dc2626' } },
          { name: 'drafts in progress', type: 'bar', data: plot(series.drafts), itemStyle: { color: '#a855f7' } },
        ],
      },
      { notMerge: true },
    );
  }, [title, series]);

  return <div ref={element} className="chart" role="img" aria-label={title} data-testid="forecast-chart" />;
}
