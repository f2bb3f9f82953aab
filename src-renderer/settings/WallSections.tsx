// The wall's settings sections: basemap (with a one-tile test), alarm rules and sound (with a preview),
// display and language. Each is saved as one section with updateSettings; a section the config file sets
// is shown locked with the reason, and a refusal from the host is shown next to the field it names.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AlarmSound } from '../wall/alarm-sound.ts';
import { Field } from './SubcentresSection.tsx';
import { LockIcon } from './LockIcon.tsx';
import { errorMessage, fieldErrors, type FieldErrors } from './field-errors.ts';
import { ALARM_SOUNDS, CAROUSEL_STOPS, WALL_LAYOUTS } from '../../src-shared/settings.ts';
import type { AlarmSettings, ConsoleSettings, DisplaySettings, LanguageSettings, SettingsSection, SettingsView, TileSourceSettings } from '../../src-shared/settings.ts';
import type { ConsoleApi } from '../../src-shared/api.ts';
import type { MessageKey } from '../i18n/translator.ts';
import type { Locale } from '../i18n/translator.ts';

type SectionProps = { api: ConsoleApi; view: SettingsView; onSaved: (view: SettingsView) => void };

/** Save, the saved / refused message, and the lock of a section set by the config file. */
function useSectionSave<S extends SettingsSection>(props: SectionProps, section: S, fields: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const locked = props.view.origin[section] === 'config-file';
  const disabled = locked || !props.view.canEdit;
  const save = async (value: ConsoleSettings[S]): Promise<boolean> => {
    setState('saving');
    setErrors(null);
    try {
      props.onSaved(await props.api.updateSettings({ section, value }));
      setState('saved');
      return true;
    } catch (err) {
      setErrors(fieldErrors(errorMessage(err), fields));
      setState('idle');
      return false;
    }
  };
  return { errors, state, locked, disabled, save, origin: props.view.origin[section] };
}

function SectionFrame(props: {
  id: SettingsSection;
  title: string;
  origin: string;
  locked: boolean;
  disabled: boolean;
  state: 'idle' | 'saving' | 'saved';
  general: string | null | undefined;
  onSubmit: () => void;
  children: ReactNode;
  extraButtons?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="st-section" data-testid={`settings-section-${props.id}`} data-locked={props.locked ? 'true' : 'false'}>
      <h2>
        {props.title}
        <span className="st-origin-tag">{t(`settings.origin.${props.origin}` as MessageKey)}</span>
        {props.locked ? (
          <span className="st-locked" data-testid="settings-locked">
            <LockIcon /> {t('settings.locked')}
          </span>
        ) : null}
      </h2>
      {props.locked ? <p className="st-hint">{t('settings.lockedHint')}</p> : null}
      <form
        className="st-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <fieldset disabled={props.disabled} className="st-fieldset">
          {props.children}
        </fieldset>
        {props.general ? (
          <p className="st-error" role="alert" data-testid="settings-error">
            {t('settings.failed', { message: props.general })}
          </p>
        ) : null}
        <div className="st-buttons">
          {props.extraButtons}
          <button type="submit" className="op-button primary" disabled={props.disabled || props.state === 'saving'} data-testid={`settings-save-${props.id}`}>
            {props.state === 'saving' ? t('settings.saving') : t('settings.save')}
          </button>
          {props.state === 'saved' ? (
            <span className="st-ok" role="status">
              {t('settings.saved')}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

const num = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v));

// ---------- basemap ----------

type TileDraft = { kind: TileSourceSettings['kind']; url: string; path: string; tileType: 'raster' | 'vector'; tileSize: 256 | 512; minZoom: string; maxZoom: string; coordinateSystem: 'wgs84' | 'gcj02'; attribution: string };

function tileDraft(v: TileSourceSettings): TileDraft {
  return {
    kind: v.kind,
    url: v.kind === 'xyz' ? v.url : '',
    path: v.kind === 'pmtiles' || v.kind === 'mbtiles' ? v.path : '',
    tileType: v.kind === 'xyz' ? v.tileType : 'raster',
    tileSize: v.kind === 'xyz' ? v.tileSize : 256,
    minZoom: v.kind === 'xyz' ? String(v.minZoom) : '0',
    maxZoom: v.kind === 'xyz' ? String(v.maxZoom) : '18',
    coordinateSystem: v.kind === 'none' ? 'wgs84' : v.coordinateSystem,
    attribution: v.kind === 'none' ? '' : v.attribution,
  };
}

function tileValue(d: TileDraft): TileSourceSettings {
  if (d.kind === 'none') return { kind: 'none' };
  if (d.kind === 'xyz') {
    return { kind: 'xyz', url: d.url.trim(), tileType: d.tileType, tileSize: d.tileSize, minZoom: num(d.minZoom), maxZoom: num(d.maxZoom), coordinateSystem: d.coordinateSystem, attribution: d.attribution };
  }
  return { kind: d.kind, path: d.path.trim(), coordinateSystem: d.coordinateSystem, attribution: d.attribution };
}

export function TileSourceSection(props: SectionProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<TileDraft>(() => tileDraft(props.view.settings.tileSource));
  const s = useSectionSave(props, 'tileSource', ['kind', 'url', 'path', 'tileType', 'tileSize', 'minZoom', 'maxZoom', 'coordinateSystem', 'attribution']);
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const f = s.errors?.fields ?? {};
  const runTest = async () => {
    setTest(null);
    try {
      const r = await props.api.testTileSource({ value: tileValue(draft) });
      if (r.ok) setTest({ ok: true, text: r.sample ? t('settings.tile.testOk', { ...r.sample }) : t('settings.tile.testOkNoSample') });
      else setTest({ ok: false, text: t('settings.tile.testFailed', { message: r.error }) });
    } catch (err) {
      setTest({ ok: false, text: t('settings.tile.testFailed', { message: errorMessage(err) }) });
    }
  };
  return (
    <SectionFrame
      id="tileSource"
      title={t('settings.section.tileSource')}
      origin={s.origin}
      locked={s.locked}
      disabled={s.disabled}
      state={s.state}
      general={s.errors?.general}
      onSubmit={() => void s.save(tileValue(draft))}
      extraButtons={
        <button type="button" className="op-button" disabled={s.disabled || draft.kind === 'none'} onClick={() => void runTest()} data-testid="tile-test">
          {t('settings.tile.test')}
        </button>
      }
    >
      <Field label={t('settings.tile.kind')} error={f.kind}>
        <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as TileDraft['kind'] })} data-testid="tile-kind">
          {(['none', 'xyz', 'pmtiles', 'mbtiles'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`settings.tile.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </Field>
      {draft.kind === 'xyz' ? (
        <>
          <Field label={t('settings.tile.url')} hint={t('settings.tile.urlHint')} error={f.url}>
            <input value={draft.url} spellCheck={false} onChange={(e) => setDraft({ ...draft, url: e.target.value })} placeholder="http://tiles.intra/{z}/{x}/{y}.png" data-testid="tile-url" />
          </Field>
          <div className="st-row">
            <Field label={t('settings.tile.tileType')} error={f.tileType}>
              <select value={draft.tileType} onChange={(e) => setDraft({ ...draft, tileType: e.target.value as 'raster' | 'vector' })}>
                <option value="raster">{t('settings.tile.tileType.raster')}</option>
                <option value="vector">{t('settings.tile.tileType.vector')}</option>
              </select>
            </Field>
            <Field label={t('settings.tile.tileSize')} error={f.tileSize}>
              <select value={draft.tileSize} onChange={(e) => setDraft({ ...draft, tileSize: Number(e.target.value) === 512 ? 512 : 256 })}>
                <option value={256}>256</option>
                <option value={512}>512</option>
              </select>
            </Field>
            <Field label={t('settings.tile.minZoom')} error={f.minZoom}>
              <input type="number" value={draft.minZoom} onChange={(e) => setDraft({ ...draft, minZoom: e.target.value })} />
            </Field>
            <Field label={t('settings.tile.maxZoom')} error={f.maxZoom}>
              <input type="number" value={draft.maxZoom} onChange={(e) => setDraft({ ...draft, maxZoom: e.target.value })} />
            </Field>
          </div>
        </>
      ) : null}
      {draft.kind === 'pmtiles' || draft.kind === 'mbtiles' ? (
        <Field label={t('settings.tile.path')} error={f.path}>
          <input value={draft.path} spellCheck={false} onChange={(e) => setDraft({ ...draft, path: e.target.value })} placeholder={draft.kind === 'pmtiles' ? '/srv/superbrain/jinan.pmtiles' : '/srv/superbrain/jinan.mbtiles'} data-testid="tile-path" />
        </Field>
      ) : null}
      {draft.kind !== 'none' ? (
        <div className="st-row">
          <Field label={t('settings.tile.coordinateSystem')} error={f.coordinateSystem}>
            <select value={draft.coordinateSystem} onChange={(e) => setDraft({ ...draft, coordinateSystem: e.target.value as 'wgs84' | 'gcj02' })}>
              <option value="wgs84">{t('settings.tile.wgs84')}</option>
              <option value="gcj02">{t('settings.tile.gcj02')}</option>
            </select>
          </Field>
          <Field label={t('settings.tile.attribution')} error={f.attribution}>
            <input value={draft.attribution} onChange={(e) => setDraft({ ...draft, attribution: e.target.value })} />
          </Field>
        </div>
      ) : null}
      {test ? (
        <p className={test.ok ? 'st-ok' : 'st-error'} role="status" data-testid="tile-test-result">
          {test.text}
        </p>
      ) : null}
    </SectionFrame>
  );
}

// ---------- alarm ----------

const SEVERITIES = ['red', 'yellow', 'green'] as const;

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

export function AlarmSection(props: SectionProps & { streets: Array<{ id: string; name: string }> }) {
  const { t, severity, placeName } = useI18n();
  const [draft, setDraft] = useState<AlarmSettings>(props.view.settings.alarm);
  const [kinds, setKinds] = useState(props.view.settings.alarm.alertKinds.join(', '));
  const s = useSectionSave(props, 'alarm', ['incidentSeverities', 'alertSeverities', 'alertKinds', 'streets', 'sound', 'volume', 'repeatSeconds']);
  const f = s.errors?.fields ?? {};
  const sound = useRef<AlarmSound | null>(null);
  const play = () => {
    sound.current ??= new AlarmSound();
    // The click is the user gesture that lets the browser play.
    sound.current.unlock();
    setTimeout(() => sound.current?.play(draft.sound, draft.volume), 50);
  };
  const value = (): AlarmSettings => ({
    ...draft,
    alertKinds: kinds
      .split(/[,，\s]+/)
      .map((k) => k.trim())
      .filter(Boolean),
  });
  return (
    <SectionFrame
      id="alarm"
      title={t('settings.section.alarm')}
      origin={s.origin}
      locked={s.locked}
      disabled={s.disabled}
      state={s.state}
      general={s.errors?.general}
      onSubmit={() => void s.save(value())}
      extraButtons={
        // Outside the fieldset: listening is allowed even when the section is locked or read-only.
        <button type="button" className="op-button st-play" onClick={play} disabled={draft.sound === 'none'} data-testid="alarm-play">
          ▶ {t('settings.alarm.play')} · {t(`settings.alarm.sound.${draft.sound}` as MessageKey)}
        </button>
      }
    >
      <Field label={t('settings.alarm.incidentSeverities')} error={f.incidentSeverities}>
        <span className="st-checks">
          {SEVERITIES.map((v) => (
            <label key={v} className="op-check">
              <input type="checkbox" checked={draft.incidentSeverities.includes(v)} onChange={(e) => setDraft({ ...draft, incidentSeverities: toggle(draft.incidentSeverities, v, e.target.checked) })} />
              {severity(v)}
            </label>
          ))}
        </span>
      </Field>
      <Field label={t('settings.alarm.alertSeverities')} error={f.alertSeverities}>
        <span className="st-checks">
          {SEVERITIES.map((v) => (
            <label key={v} className="op-check">
              <input type="checkbox" checked={draft.alertSeverities.includes(v)} onChange={(e) => setDraft({ ...draft, alertSeverities: toggle(draft.alertSeverities, v, e.target.checked) })} />
              {severity(v)}
            </label>
          ))}
        </span>
      </Field>
      <Field label={t('settings.alarm.alertKinds')} error={f.alertKinds}>
        <input value={kinds} onChange={(e) => setKinds(e.target.value)} placeholder="fire-smoke, crowd, flood" />
      </Field>
      <Field label={t('settings.alarm.streets')} error={f.streets}>
        <span className="st-checks st-checks-wrap">
          {props.streets.map((st) => (
            <label key={st.id} className="op-check">
              <input type="checkbox" checked={draft.streets.includes(st.id)} onChange={(e) => setDraft({ ...draft, streets: toggle(draft.streets, st.id, e.target.checked) })} />
              {placeName(st.id, st.name)}
            </label>
          ))}
        </span>
      </Field>
      <div className="st-row">
        <Field label={t('settings.alarm.sound')} error={f.sound}>
          <span className="st-inline">
            <select value={draft.sound} onChange={(e) => setDraft({ ...draft, sound: e.target.value as AlarmSettings['sound'] })} data-testid="alarm-sound">
              {ALARM_SOUNDS.map((v) => (
                <option key={v} value={v}>
                  {t(`settings.alarm.sound.${v}` as MessageKey)}
                </option>
              ))}
            </select>
          </span>
        </Field>
        <Field label={`${t('settings.alarm.volume')} ${Math.round(draft.volume * 100)}%`} error={f.volume}>
          <input type="range" min={0} max={1} step={0.05} value={draft.volume} onChange={(e) => setDraft({ ...draft, volume: Number(e.target.value) })} />
        </Field>
        <Field label={t('settings.alarm.repeat')} error={f.repeatSeconds}>
          <input type="number" value={Number.isFinite(draft.repeatSeconds) ? draft.repeatSeconds : ''} onChange={(e) => setDraft({ ...draft, repeatSeconds: num(e.target.value) })} data-testid="alarm-repeat" />
        </Field>
      </div>
    </SectionFrame>
  );
}

// ---------- display ----------

export function DisplaySection(props: SectionProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<DisplaySettings>(props.view.settings.display);
  const s = useSectionSave(props, 'display', ['layout', 'textScale', 'enabled', 'seconds', 'stops', 'resumeAfterSeconds']);
  const f = s.errors?.fields ?? {};
  const c = draft.carousel;
  return (
    <SectionFrame id="display" title={t('settings.section.display')} origin={s.origin} locked={s.locked} disabled={s.disabled} state={s.state} general={s.errors?.general} onSubmit={() => void s.save(draft)}>
      <div className="st-row">
        <Field label={t('settings.display.layout')} error={f.layout}>
          <select value={draft.layout} onChange={(e) => setDraft({ ...draft, layout: e.target.value as DisplaySettings['layout'] })} data-testid="display-layout">
            {WALL_LAYOUTS.map((v) => (
              <option key={v} value={v}>
                {v === 'auto' ? t('settings.display.layout.auto') : v.replace('x', ' × ')}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('settings.display.textScale')} error={f.textScale}>
          <input type="number" step={0.05} value={Number.isFinite(draft.textScale) ? draft.textScale : ''} onChange={(e) => setDraft({ ...draft, textScale: num(e.target.value) })} data-testid="display-text-scale" />
        </Field>
      </div>
      <h3>{t('settings.display.carousel')}</h3>
      <label className="op-check">
        <input type="checkbox" checked={c.enabled} onChange={(e) => setDraft({ ...draft, carousel: { ...c, enabled: e.target.checked } })} />
        {t('settings.display.carouselEnabled')}
      </label>
      <div className="st-row">
        <Field label={t('settings.display.carouselSeconds')} error={f.seconds}>
          <input type="number" value={Number.isFinite(c.seconds) ? c.seconds : ''} onChange={(e) => setDraft({ ...draft, carousel: { ...c, seconds: num(e.target.value) } })} />
        </Field>
        <Field label={t('settings.display.resumeAfter')} error={f.resumeAfterSeconds}>
          <input type="number" value={Number.isFinite(c.resumeAfterSeconds) ? c.resumeAfterSeconds : ''} onChange={(e) => setDraft({ ...draft, carousel: { ...c, resumeAfterSeconds: num(e.target.value) } })} />
        </Field>
      </div>
      <Field label={t('settings.display.carouselStops')} error={f.stops}>
        <span className="st-checks">
          {CAROUSEL_STOPS.map((v) => (
            <label key={v} className="op-check">
              <input type="checkbox" checked={c.stops.includes(v)} onChange={(e) => setDraft({ ...draft, carousel: { ...c, stops: toggle(c.stops, v, e.target.checked) } })} />
              {t(`settings.display.stop.${v}` as MessageKey)}
            </label>
          ))}
        </span>
      </Field>
    </SectionFrame>
  );
}

// ---------- language ----------

export function LanguageSection(props: SectionProps) {
  const { t, setLocale } = useI18n();
  const [draft, setDraft] = useState<LanguageSettings>(props.view.settings.language);
  const s = useSectionSave(props, 'language', ['language']);
  return (
    <SectionFrame
      id="language"
      title={t('settings.section.language')}
      origin={s.origin}
      locked={s.locked}
      disabled={s.disabled}
      state={s.state}
      general={s.errors?.general}
      onSubmit={() =>
        void s.save(draft).then((ok) => {
          if (ok) setLocale(draft as Locale);
        })
      }
    >
      <p className="st-hint">{t('settings.language.hint')}</p>
      <span className="st-checks">
        {(['zh-CN', 'en'] as const).map((v) => (
          <label key={v} className="op-check">
            <input type="radio" name="language" checked={draft === v} onChange={() => setDraft(v)} data-testid={`language-${v}`} />
            {v === 'zh-CN' ? '中文（简体）' : 'English'}
          </label>
        ))}
      </span>
    </SectionFrame>
  );
}
