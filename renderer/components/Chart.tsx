/**
 * ECharts in React: SVG renderer (crisp on screen and in print), resized with
 * its container, disposed on unmount. Pass a full ECharts option.
 *
 * Only what the pages draw is registered (echarts/core): bar, line, pie and
 * scatter series with grid, legend, tooltip and title. A page that needs
 * another series or component adds it here (ChartOption then accepts it).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export function Chart({
  option,
  height = 320,
  testId,
}: {
  option: ChartOption;
  height?: number | string;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = echarts.init(el.current, undefined, { renderer: 'svg', locale: 'ZH' });
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // The page's font by name: ECharts measures text on a canvas, where 'inherit' means its own
    // default font — legends and labels were then laid out for narrower text than drawn, and overlapped.
    const fontFamily = (el.current && getComputedStyle(el.current).fontFamily) || 'sans-serif';
    chart.current?.setOption({ animation: false, textStyle: { fontFamily }, ...option }, true);
  }, [option]);
  return <div ref={el} data-testid={testId} style={{ width: '100%', height }} />;
}
