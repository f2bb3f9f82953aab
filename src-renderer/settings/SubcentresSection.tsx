// Sub-centres: the table (street, name, address, token set, enabled, live link, origin) and the add /
// edit form with "test connection", whose outcome is said in words first and in the host's code after.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage, fieldErrors, type FieldErrors } from './field-errors.ts';
import type { ConsoleApi, EndpointList, EndpointTestResult, EndpointView } from '../../src-shared/api.ts';
import type { MessageKey } from '../i18n/translator.ts';

interface Draft {
  subcentreId: string;
  name: string;
  url: string;
  token: string;
  enabled: boolean;
  /** Editing a saved endpoint (its id is fixed then). */
  existing: boolean;
}

const EMPTY: Draft = { subcentreId: '', name: '', url: '', token: '', enabled: true, existing: false };
const FIELDS = ['subcentreId', 'name', 'url', 'token', 'enabled'] as const;

export function SubcentresSection(props: { api: ConsoleApi; list: EndpointList; onChanged: (list: EndpointList) => void }) {
  const { t, placeName, linkState } = useI18n();
  const { api, list } = props;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [test, setTest] = useState<EndpointTestResult | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const formOpen = draft !== null;
  // Below 13 demo rows the form would open out of sight.
  useEffect(() => {
    if (formOpen) formRef.current?.scrollIntoView({ block: 'nearest' });
  }, [formOpen]);

  const open = (d: Draft) => {
    setDraft(d);
    setErrors(null);
    setTest(null);
    setNotice(null);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    setBusy('save');
    setErrors(null);
    try {
      const next = await api.saveEndpoint({
        subcentreId: draft.subcentreId.trim(),
        url: draft.url.trim(),
        enabled: draft.enabled,
        ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
        ...(draft.token ? { token: draft.token } : {}),
      });
      setNotice(t('settings.sub.saved', { id: draft.subcentreId.trim() }));
      setDraft(null);
      props.onChanged(next);
    } catch (err) {
      setErrors(fieldErrors(errorMessage(err), FIELDS));
    } finally {
      setBusy(null);
    }
  };

  const runTest = async () => {
    if (!draft) return;
    setBusy('test');
    setTest(null);
    setErrors(null);
    try {
      const id = draft.subcentreId.trim();
      setTest(
        await api.testEndpoint({
          ...(id ? { subcentreId: id } : {}),
          ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
          ...(draft.token ? { token: draft.token } : {}),
        }),
      );
    } catch (err) {
      setErrors(fieldErrors(errorMessage(err), FIELDS));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (e: EndpointView) => {
    if (!window.confirm(t('settings.sub.removeConfirm', { name: e.name ?? e.subcentreId }))) return;
    try {
      props.onChanged(await api.removeEndpoint({ subcentreId: e.subcentreId }));
    } catch (err) {
      setNotice(errorMessage(err));
    }
  };

  const linkText = (e: EndpointView): string => {
    if (!e.link) return t('settings.sub.noLink');
    return e.link.lastError && e.link.state !== 'connected' ? `${linkStateWord(e)} · ${e.link.lastError}` : linkStateWord(e);
  };
  const linkStateWord = (e: EndpointView): string => (e.link ? linkState(e.link.state) : '');

  return (
    <section className="st-section" aria-labelledby="st-sub-title" data-testid="settings-subcentres">
      <h2 id="st-sub-title">{t('settings.section.subcentres')}</h2>
      <p className="st-hint">{t('settings.sub.intro')}</p>
      {list.demo ? (
        <p className="st-demo" role="note" data-testid="settings-demo-note">
          {t('settings.sub.demo')}
        </p>
      ) : null}
      <table className="st-table" data-testid="settings-endpoints">
        <thead>
          <tr>
            <th>{t('settings.sub.col.street')}</th>
            <th>{t('settings.sub.col.name')}</th>
            <th>{t('settings.sub.col.url')}</th>
            <th>{t('settings.sub.col.token')}</th>
            <th>{t('settings.sub.col.enabled')}</th>
            <th>{t('settings.sub.col.link')}</th>
            <th>{t('settings.sub.col.origin')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.endpoints.length === 0 ? (
            <tr>
              <td colSpan={8} className="st-hint">
                {t('settings.sub.empty')}
              </td>
            </tr>
          ) : null}
          {list.endpoints.map((e) => (
            <tr key={e.subcentreId} data-testid={`endpoint-${e.subcentreId}`} data-origin={e.origin} data-link={e.link?.state ?? 'none'}>
              <td>
                <span className="st-mono">{e.subcentreId}</span>
                <span className="st-sub">{placeName(e.subcentreId, e.link?.name ?? '')}</span>
              </td>
              <td>{e.name ?? ''}</td>
              <td className="st-mono st-url">{e.url}</td>
              <td>{e.tokenSet ? t('settings.sub.tokenSet') : t('settings.sub.tokenMissing')}</td>
              <td>{e.enabled ? t('settings.sub.yes') : t('settings.sub.no')}</td>
              <td>
                <span className={`st-link st-link-${e.link?.state ?? 'none'}`} data-testid={`endpoint-link-${e.subcentreId}`}>
                  {linkText(e)}
                </span>
              </td>
              <td>
                <span className={`st-origin st-origin-${e.origin}`}>{t(`settings.sub.origin.${e.origin}` as MessageKey)}</span>
              </td>
              <td className="st-actions">
                {list.canEdit && e.origin === 'app' ? (
                  <>
                    <button type="button" className="op-button" onClick={() => open({ subcentreId: e.subcentreId, name: e.name ?? '', url: e.url, token: '', enabled: e.enabled, existing: true })} data-testid={`endpoint-edit-${e.subcentreId}`}>
                      {t('settings.sub.edit')}
                    </button>
                    <button type="button" className="op-button" onClick={() => void remove(e)}>
                      {t('settings.sub.remove')}
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {notice ? (
        <p className="st-ok" role="status" data-testid="settings-sub-notice">
          {notice}
        </p>
      ) : null}
      {list.canEdit && !draft ? (
        <button type="button" className="op-button primary" onClick={() => open(EMPTY)} data-testid="endpoint-add">
          {t('settings.sub.add')}
        </button>
      ) : null}
      {draft ? (
        <form className="st-form" onSubmit={save} data-testid="endpoint-form" ref={formRef}>
          <h3>{draft.existing ? t('settings.sub.form.edit', { id: draft.subcentreId }) : t('settings.sub.form.new')}</h3>
          {list.demo ? <p className="st-demo">{t('settings.sub.demo')}</p> : null}
          <Field label={t('settings.sub.form.street')} hint={t('settings.sub.form.streetHint')} error={errors?.fields.subcentreId}>
            <input value={draft.subcentreId} readOnly={draft.existing} inputMode="numeric" onChange={(ev) => setDraft({ ...draft, subcentreId: ev.target.value })} data-testid="endpoint-id" />
          </Field>
          <Field label={t('settings.sub.form.name')} error={errors?.fields.name}>
            <input value={draft.name} onChange={(ev) => setDraft({ ...draft, name: ev.target.value })} data-testid="endpoint-name" />
          </Field>
          <Field label={t('settings.sub.form.url')} hint={t('settings.sub.form.urlHint')} error={errors?.fields.url}>
            <input value={draft.url} onChange={(ev) => setDraft({ ...draft, url: ev.target.value })} spellCheck={false} data-testid="endpoint-url" />
          </Field>
          <Field label={t('settings.sub.form.token')} error={errors?.fields.token}>
            <input type="password" autoComplete="off" value={draft.token} placeholder={draft.existing ? t('settings.sub.form.tokenKeep') : ''} onChange={(ev) => setDraft({ ...draft, token: ev.target.value })} data-testid="endpoint-token" />
          </Field>
          <label className="op-check">
            <input type="checkbox" checked={draft.enabled} onChange={(ev) => setDraft({ ...draft, enabled: ev.target.checked })} data-testid="endpoint-enabled" />
            {t('settings.sub.form.enabled')}
          </label>
          {errors?.general ? (
            <p className="st-error" role="alert" data-testid="endpoint-error">
              {errors.general}
            </p>
          ) : null}
          {test ? <TestOutcome result={test} expected={draft.subcentreId.trim()} /> : null}
          <div className="st-buttons">
            <button type="button" className="op-button" onClick={() => void runTest()} disabled={busy !== null || !draft.url.trim()} data-testid="endpoint-test">
              {busy === 'test' ? t('settings.sub.testing') : t('settings.sub.test')}
            </button>
            <button type="submit" className="op-button primary" disabled={busy !== null} data-testid="endpoint-save">
              {busy === 'save' ? t('settings.saving') : list.demo ? t('settings.sub.form.saveLeaveDemo') : t('settings.save')}
            </button>
            <button type="button" className="op-button" onClick={() => setDraft(null)}>
              {t('settings.sub.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function TestOutcome(props: { result: EndpointTestResult; expected: string }) {
  const { t } = useI18n();
  const r = props.result;
  const words =
    r.outcome === 'ok'
      ? t('settings.test.ok', { name: r.server?.name ?? '', id: r.server?.subcentreId ?? '', epoch: r.server?.epoch ?? '', head: r.server?.headSeq ?? 0 })
      : r.outcome === 'wrong-street'
        ? t('settings.test.wrong-street', { name: r.server?.name ?? '', id: r.server?.subcentreId ?? '', expected: props.expected })
        : r.outcome === 'unreachable'
          ? t('settings.test.unreachable', { address: r.address })
          : t(`settings.test.${r.outcome}` as MessageKey);
  return (
    <div className={r.outcome === 'ok' ? 'st-test st-test-ok' : 'st-test st-test-bad'} role="status" data-testid="endpoint-test-result" data-outcome={r.outcome}>
      <p>
        <code className="st-code">{r.outcome}</code> {words}
        {r.code && r.code !== r.outcome ? <code className="st-code st-code-minor">{r.code}</code> : null}
      </p>
      <p className="st-sub">{t('settings.test.detail', { detail: r.detail, ms: r.elapsedMs })}</p>
    </div>
  );
}

export function Field(props: { label: string; hint?: string; error?: string | undefined; children: ReactNode }) {
  return (
    <label className={props.error ? 'st-field st-field-bad' : 'st-field'}>
      <span className="st-label">{props.label}</span>
      {props.children}
      {props.hint ? <span className="st-sub">{props.hint}</span> : null}
      {props.error ? (
        <span className="st-field-error" role="alert">
          {props.error}
        </span>
      ) : null}
    </label>
  );
}
