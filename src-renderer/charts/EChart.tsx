// One echarts instance bound to a div: created once, resized with its box, disposed with the component,
// and given a new option (not merged) when the option changes. The modules that use it register the chart
// types and the renderer they need with echarts' `use` (tree-shaking), so this file imports only the core.
import { useEffect, useRef } from 'react';
import { init, type EChartsCoreOption, type EChartsType } from 'echarts/core';

export function EChart(props: { option: EChartsCoreOption; testId: string; className: string; renderer: 'svg' | 'canvas' }) {
  const el = useRef<HTMLDivElement | null>(null);
  const chart = useRef<EChartsType | null>(null);
  const { renderer } = props;
  useEffect(() => {
    if (!el.current) return;
    const c = init(el.current, undefined, { renderer });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [renderer]);
  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);
  return <div ref={el} className={props.className} data-testid={props.testId} />;
}
