// Loads a briefing from the host (and, for the print page and the presentation, the map's points and the
// boundaries); shared by the briefing view and the presentation.
import { useCallback, useEffect, useState } from 'react';
import type { Boundaries, ConsoleApi } from '../../src-shared/api.ts';
import type { Briefing } from '../../src-shared/briefing.ts';
import { LIXIA_DISTRICT } from '../../src-shared/domain/lixia.ts';
import { connectConsoleApi } from '../api/client.ts';

/** The briefing of a period from the host; `withMap`: also the incidents' positions and the boundaries (print, presentation). */
export function useBriefing(period: { from: number; to: number }, withMap = false) {
  const [api, setApi] = useState<ConsoleApi | null>(null);
  const [boundaries, setBoundaries] = useState<Boundaries | null>(null);
  const [boundariesError, setBoundariesError] = useState<string | null>(null);
  const [briefing, setBriefing] = useState<Briefing | null>(null);
  const [district, setDistrict] = useState<{ id: string; name: string }>(LIXIA_DISTRICT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let cancelled = false;
    connectConsoleApi().then(
      (a) => {
        if (cancelled) return;
        setApi(a);
        a.getInfo().then((info) => !cancelled && setDistrict(info.district), () => undefined);
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  const load = useCallback(() => {
    if (!api) return;
    setBusy(true);
    api.getBriefing(withMap ? { from: period.from, to: period.to, withMap: true } : { from: period.from, to: period.to }).then(
      (b) => {
        setBriefing(b);
        setError(null);
        setBusy(false);
      },
      (err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setBusy(false);
      },
    );
  }, [api, period.from, period.to, withMap]);
  useEffect(load, [load]);
  useEffect(() => {
    if (!api || !withMap || boundaries) return;
    api.getBoundaries().then(setBoundaries, (err: unknown) => setBoundariesError(err instanceof Error ? err.message : String(err)));
  }, [api, withMap, boundaries]);
  return { api, briefing, district, error, busy, reload: load, boundaries, boundariesError };
}
