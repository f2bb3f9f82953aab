// Issue 4: the wall's side-panel charts, counted in SQL (indexes on reported_at, closed_at via the
// briefing index, alerts by raised_at): incidents reported today by category, and the last 24 hours by hour.
import type { WallCharts } from '../../src-shared/wall-api.ts';
import type { Store } from './store.ts';
import { shanghaiDayStart } from './time.ts';

const HOUR_MS = 3_600_000;

export function getWallCharts(store: Store, nowMs: number, street: string | null): WallCharts {
  const dayStart = shanghaiDayStart(nowMs);
  // Whole hours (Shanghai is a whole-hour offset from UTC, so UTC hours are local hours).
  const currentHour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const from = currentHour - 23 * HOUR_MS;
  const inStreet = `(@street IS NULL OR subcentre_id = @street)`;
  return store.read(() => {
    const byCategoryToday = store
      .statement(
        `SELECT category_major AS category, count(*) AS count, sum(severity = 'red') AS red
           FROM incidents WHERE reported_at >= @dayStart AND reported_at <= @now AND ${inStreet}
          GROUP BY category_major ORDER BY count DESC, category_major`,
      )
      .all({ dayStart, now: nowMs, street }) as WallCharts['byCategoryToday'];
    const hourOf = (column: string, table: string, extra = '') =>
      store
        .statement(
          `SELECT (${column} - @from) / ${HOUR_MS} AS h, count(*) AS n FROM ${table}
            WHERE ${column} >= @from AND ${column} <= @now AND ${inStreet} ${extra} GROUP BY h`,
        )
        .all({ from, now: nowMs, street }) as Array<{ h: number; n: number }>;
    const reported = hourOf('reported_at', 'incidents');
    const closed = hourOf('closed_at', 'incidents', `AND status = 'closed'`);
    const alerts = hourOf('raised_at', 'alerts');
    const byHour: WallCharts['byHour'] = Array.from({ length: 24 }, (_, i) => ({ hourStart: from + i * HOUR_MS, reported: 0, closed: 0, alerts: 0 }));
    const add = (rows: Array<{ h: number; n: number }>, field: 'reported' | 'closed' | 'alerts') => {
      for (const r of rows) {
        const slot = byHour[Math.floor(r.h)];
        if (slot) slot[field] += r.n;
      }
    };
    add(reported, 'reported');
    add(closed, 'closed');
    add(alerts, 'alerts');
    return { at: nowMs, dayStart, byCategoryToday, byHour };
  });
}
