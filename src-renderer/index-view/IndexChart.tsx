// One echarts chart of the index view (tree-shaken: radar, line, bar; canvas renderer for the wall).
import { use, type ComposeOption } from 'echarts/core';
import { EChart } from '../charts/EChart.tsx';
import { BarChart, LineChart, RadarChart, type BarSeriesOption, type LineSeriesOption, type RadarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type RadarComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, CanvasRenderer]);

export type IndexChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | RadarSeriesOption | GridComponentOption | LegendComponentOption | RadarComponentOption | TooltipComponentOption
>;

export function IndexChart(props: { option: IndexChartOption; testId: string }) {
  return <EChart option={props.option} testId={props.testId} className="index-chart" renderer="canvas" />;
}
