// Video-network alerts (视联网): an operator confirms one (it opens an incident) or dismisses it.
// Pure functions over plain data, shared by the sub-centre server and the renderer.
import type { Category, Command, CommandErrorCode, Incident, Operator, Severity, VideoAlert } from '../sfp/schemas.ts';

export type AlertCommandType = 'alert.confirm' | 'alert.dismiss';
export type AlertCommand = Extract<Command, { type: AlertCommandType }>;

/** Alert kinds the analytics raise (SFP/1 §5), mapped to the GB/T 30428 event category an incident gets. */
const KIND_CATEGORIES: Record<string, { category: Category; severity: Severity; label: string }> = {
  crowd: { category: { major: '突发事件', minor: '人员聚集', name: '人员聚集' }, severity: 'yellow', label: '人员聚集' },
  'fire-smoke': { category: { major: '突发事件', minor: '火情烟雾', name: '火情烟雾' }, severity: 'red', label: '烟火' },
  'illegal-parking': { category: { major: '街面秩序', minor: '违章停车', name: '违章停车' }, severity: 'green', label: '违章停车' },
  'street-vending': { category: { major: '街面秩序', minor: '占道经营', name: '占道经营' }, severity: 'green', label: '占道经营' },
  'garbage-overflow': { category: { major: '市容环境', minor: '垃圾满溢', name: '垃圾满溢' }, severity: 'green', label: '垃圾满溢' },
  intrusion: { category: { major: '安全隐患', minor: '非法闯入', name: '非法闯入' }, severity: 'yellow', label: '区域入侵' },
  fall: { category: { major: '突发事件', minor: '人员倒地', name: '人员倒地' }, severity: 'red', label: '人员倒地' },
  flood: { category: { major: '突发事件', minor: '积水内涝', name: '积水内涝' }, severity: 'red', label: '积水' },
};
const OTHER = { category: { major: '安全隐患', minor: '视频告警', name: '视频告警' }, severity: 'yellow' as Severity, label: '视频告警' };

/** The incident category for an alert kind (unknown kinds: 安全隐患 / 视频告警). */
export function categoryForAlertKind(kind: string): Category {
  return { ...(KIND_CATEGORIES[kind] ?? OTHER).category };
}

/** The usual severity of an alert kind, for analytics that do not rate their alerts themselves. */
export function severityForAlertKind(kind: string): Severity {
  return (KIND_CATEGORIES[kind] ?? OTHER).severity;
}

/** A short Chinese label for an alert kind ("占道经营"). */
export function alertKindLabel(kind: string): string {
  return (KIND_CATEGORIES[kind] ?? OTHER).label;
}

/** Only an open alert can be confirmed or dismissed. */
export function legalAlertCommands(alert: Pick<VideoAlert, 'state'>): AlertCommandType[] {
  return alert.state === 'open' ? ['alert.confirm', 'alert.dismiss'] : [];
}

export type ApplyAlertResult =
  | { ok: true; alert: VideoAlert; incident?: Incident }
  | { ok: false; code: CommandErrorCode; message: string };

/**
 * Applies alert.confirm / alert.dismiss. Confirming needs the id of the incident it opens
 * (allocated by the sub-centre: `newIncidentId`), and returns that incident at rev 1.
 */
export function applyAlertCommand(alert: VideoAlert, command: Command, at: string, newIncidentId?: string): ApplyAlertResult {
  if (command.type !== 'alert.confirm' && command.type !== 'alert.dismiss') {
    return { ok: false, code: 'invalid', message: `${command.type} is not an alert command` };
  }
  if (command.target.alertId !== alert.alertId) {
    return { ok: false, code: 'invalid', message: `command targets ${command.target.alertId}, not ${alert.alertId}` };
  }
  if (command.target.rev !== alert.rev) {
    return { ok: false, code: 'stale-rev', message: `alert ${alert.alertId} is at rev ${alert.rev}, the command was issued against rev ${command.target.rev}` };
  }
  if (!legalAlertCommands(alert).includes(command.type)) {
    return { ok: false, code: 'illegal-transition', message: `${command.type}: the alert is already ${alert.state}` };
  }
  if (command.type === 'alert.dismiss') {
    return { ok: true, alert: { ...alert, state: 'dismissed', dismissReason: command.args.reason, rev: alert.rev + 1, updatedAt: at } };
  }
  if (!newIncidentId) return { ok: false, code: 'invalid', message: 'alert.confirm needs an incident id' };
  const incident = incidentFromAlert(alert, {
    incidentId: newIncidentId,
    at,
    operator: command.operator,
    ...(command.args.category ? { category: command.args.category } : {}),
    ...(command.args.severity ? { severity: command.args.severity } : {}),
  });
  return { ok: true, incident, alert: { ...alert, state: 'confirmed', incidentId: newIncidentId, rev: alert.rev + 1, updatedAt: at } };
}

/** The incident a confirmed alert opens: source video, status reported, at the alert's place. */
export function incidentFromAlert(
  alert: VideoAlert,
  options: { incidentId: string; at: string; operator?: Pick<Operator, 'id' | 'name'>; category?: Category; severity?: Severity },
): Incident {
  const category = options.category ?? categoryForAlertKind(alert.kind);
  const location: Incident['location'] = { lon: alert.location.lon, lat: alert.location.lat };
  if (alert.location.gridId !== undefined) location.gridId = alert.location.gridId;
  const history: Incident['history'] = [
    {
      at: options.at,
      action: 'alert.confirm',
      ...(options.operator ? { by: { id: options.operator.id, name: options.operator.name } } : {}),
      note: `视频告警 ${alert.alertId} 确认立案`,
    },
  ];
  return {
    incidentId: options.incidentId,
    rev: 1,
    category,
    title: `${category.name}（视频告警）`,
    description: `摄像机 ${alert.cameraId} 于 ${alert.raisedAt} 报警：${alertKindLabel(alert.kind)}，置信度 ${Math.round(alert.confidence * 100)}%`,
    source: 'video',
    severity: options.severity ?? alert.severity,
    level: 'grid',
    status: 'reported',
    location,
    reportedAt: options.at,
    updatedAt: options.at,
    alertId: alert.alertId,
    history,
  };
}
