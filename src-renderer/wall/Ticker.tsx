import type { ActivityItem } from '../../src-shared/api.ts';
import { INCIDENT_STATUSES } from '../../src-shared/sfp/schemas.ts';
import type { IncidentStatus } from '../../src-shared/sfp/schemas.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { I18nValue } from '../i18n/I18nProvider.tsx';

function statusLabel(i18n: I18nValue, item: ActivityItem): string | null {
  const status = item.status;
  if (!status) return null;
  if (item.type === 'alert.upsert' && (status === 'open' || status === 'confirmed' || status === 'dismissed')) return i18n.alertState(status);
  if (item.type === 'camera.upsert' && (status === 'online' || status === 'offline' || status === 'fault')) return i18n.cameraStatus(status);
  if ((INCIDENT_STATUSES as readonly string[]).includes(status)) return i18n.status(status as IncidentStatus);
  return null;
}

/** Closed, rejected or dismissed: still listed, but no longer shouting. */
function isDone(item: ActivityItem): boolean {
  return item.status === 'closed' || item.status === 'rejected' || item.status === 'dismissed';
}

function summary(i18n: I18nValue, item: ActivityItem): string {
  if (item.type === 'alert.upsert') {
    // "kind · camera name": the kind is a code, the camera name is data.
    const [kind, ...rest] = item.summary.split(' · ');
    return [i18n.t('ticker.alert'), i18n.alertKind(kind ?? ''), ...rest].filter(Boolean).join(' · ');
  }
  if (item.type === 'camera.upsert') return `${i18n.t('ticker.camera')} · ${item.summary}`;
  return item.summary;
}

export function Ticker(props: { activity: readonly ActivityItem[]; streetNames: ReadonlyMap<string, string> }) {
  const i18n = useI18n();
  return (
    <section className="panel ticker-panel">
      <header className="panel-head">
        <h2 className="panel-title">{i18n.t('ticker.title')}</h2>
      </header>
      {props.activity.length === 0 ? <div className="panel-empty">{i18n.t('ticker.empty')}</div> : null}
      <ol className="ticker-list">
        {props.activity.map((item) => {
          const street = i18n.placeName(item.subcentreId, props.streetNames.get(item.subcentreId) ?? item.subcentreId);
          const status = statusLabel(i18n, item);
          return (
            <li
              key={item.id}
              className="ticker-item"
              data-testid="ticker-item"
              data-severity={item.severity ?? 'none'}
              data-kind={item.type.split('.')[0]}
              data-done={isDone(item) ? 'true' : undefined}
            >
              <div className="ticker-line">
                <span className="ticker-time">{i18n.formatTime(item.at)}</span>
                <span className="sev-dot" aria-label={item.severity ? i18n.severity(item.severity) : undefined} />
                <span className="ticker-street">{street}</span>
                {status ? <span className="ticker-status">{status}</span> : null}
              </div>
              <div className="ticker-summary">{summary(i18n, item)}</div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
