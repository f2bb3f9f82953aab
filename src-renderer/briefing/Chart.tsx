// One echarts chart (tree-shaken: line, bar, pie; SVG renderer so that printed charts stay sharp).
import { use, type ComposeOption } from 'echarts/core';
import { EChart } from '../charts/EChart.tsx';
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export function Chart(props: { option: ChartOption; testId: string; className?: string }) {
  return <EChart option={props.option} testId={props.testId} className={props.className ?? 'briefing-chart'} renderer="svg" />;
}
