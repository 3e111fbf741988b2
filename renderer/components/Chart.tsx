/**
 * ECharts in React: SVG renderer (crisp on screen and in print), resized with
 * its container, disposed on unmount. Pass a full ECharts option.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

export type ChartOption = echarts.EChartsOption;

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
    chart.current?.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  }, [option]);
  return <div ref={el} data-testid={testId} style={{ width: '100%', height }} />;
}
