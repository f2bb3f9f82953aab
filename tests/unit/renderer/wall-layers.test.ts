import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAlertColumns, createAlertBuffer } from '../../../src-renderer/map/alert-buffer.ts';
import { applyIncidentColumns, createIncidentBuffer, recentIncidentPoints } from '../../../src-renderer/map/incident-buffer.ts';
import { alertLayerData, incidentLayerData, pulseLayerData } from '../../../src-renderer/map/layer-data.ts';
import { computeWallLayers } from '../../../src-renderer/map/wall-layers.ts';
import type { WallLayerState } from '../../../src-renderer/map/wall-layers.ts';
import { alertColumns, incidentColumns } from './columns.ts';

const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);

function state(patch: Partial<WallLayerState> = {}): WallLayerState {
  const incidents = createIncidentBuffer();
  applyIncidentColumns(incidents, incidentColumns([{ id: 'a', severity: 0, reportedAt: NOW - 1000 }, { id: 'b' }], 2), NOW);
  const alerts = createAlertBuffer();
  applyAlertColumns(alerts, alertColumns([{ id: 'x' }], 1));
  return {
    scale: 2,
    incidents: incidentLayerData(incidents),
    alerts: alertLayerData(alerts),
    alertAtlas: { width: 64, height: 64 },
    pulse: pulseLayerData(recentIncidentPoints(incidents, NOW, 60_000), 1),
    pulsePhase: 0.5,
    streetLabels: [{ position: [117.05, 36.66], text: '龙洞' }],
    communityLabels: [{ position: [117.04, 36.65], text: '龙洞社区' }],
    showCommunityLabels: false,
    ...patch,
  };
}

test('the layers are derived from state in a fixed order: points, alerts, pulse, then street names on top', () => {
  const ids = computeWallLayers(state()).map((l) => l.id);
  assert.deepEqual(ids, ['incidents-base', 'incidents-overdue-ring', 'incidents-red', 'alerts', 'incidents-pulse', 'street-labels']);
});

test('community names appear only when zoomed in, and nothing is drawn without data', () => {
  assert.ok(computeWallLayers(state({ showCommunityLabels: true })).some((l) => l.id === 'community-labels'));
  const empty = computeWallLayers(state({ incidents: null, alerts: null, pulse: null, streetLabels: [], communityLabels: [] }));
  assert.deepEqual(empty, []);
  const noAtlas = computeWallLayers(state({ alertAtlas: null })).map((l) => l.id);
  assert.ok(!noAtlas.includes('alerts'));
});

test('incident layers read the binary attributes as they are (no per-incident objects)', () => {
  const s = state();
  const [base, , red] = computeWallLayers(s);
  assert.equal(base!.props.data, s.incidents!.base);
  assert.equal(red!.props.data, s.incidents!.red);
  const data = base!.props.data as { length: number; attributes: { getPosition: { value: unknown } } };
  assert.equal(data.length, 2);
  assert.ok(data.attributes.getPosition.value instanceof Float32Array);
  assert.deepEqual(base!.props.updateTriggers, { getFillColor: s.incidents!.version, getPosition: s.incidents!.version });
});

test('sizes follow the type scale and the pulse grows and fades with its phase', () => {
  const at = (scale: number, pulsePhase: number) => {
    const layers = computeWallLayers(state({ scale, pulsePhase }));
    const byId = new Map(layers.map((l) => [l.id, l.props as unknown as Record<string, unknown>]));
    return { red: byId.get('incidents-red')!.getRadius as number, pulse: byId.get('incidents-pulse')!, label: byId.get('street-labels')! };
  };
  assert.equal(at(2, 0).red, 2 * at(1, 0).red);
  assert.equal(at(2, 0).label.getSize, 2 * (at(1, 0).label.getSize as number));
  assert.ok((at(1, 0.9).pulse.radiusScale as number) > (at(1, 0.1).pulse.radiusScale as number));
  assert.ok((at(1, 0.9).pulse.opacity as number) < (at(1, 0.1).pulse.opacity as number));
});

test('names are drawn in the CJK font with an outline, from the characters the data holds', () => {
  const label = computeWallLayers(state()).find((l) => l.id === 'street-labels')!.props as unknown as Record<string, unknown>;
  assert.equal(label.characterSet, 'auto');
  assert.match(String(label.fontFamily), /Noto Sans CJK SC/);
  assert.ok((label.outlineWidth as number) > 0);
  assert.equal((label.fontSettings as { sdf: boolean }).sdf, true);
});
