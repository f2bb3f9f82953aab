// Issue 6: the strength-index (组织力指数) methods of the ConsoleApi, with their parameters checked here.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { INDEX_LEVELS } from '../../src-shared/index-api.ts';
import { branchOfGrid, getGridIndexScores, getIndexModelInfo, getIndexProfile, getIndexRanking, type IndexSource } from '../index/index-queries.ts';
import { BadRequestError, parseNoParam } from './params.ts';
import { currentScope } from './caller.ts'; // issue 5: the core enforces a street operator's scope
import type { IndexEngine } from '../index/index-engine.ts';
import type { Store } from '../store/store.ts';
import type {
  GridIndexScore,
  IndexModelInfo,
  IndexProfile,
  IndexRanking,
  IndexRankingQuery,
  IndexStreetComparison,
} from '../../src-shared/index-api.ts';

/** What the runtime hands the API: the running engine and the model file it loaded. */
export interface IndexPort {
  engine: IndexEngine;
  modelFile: string;
}

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
const OrgId = z.string().min(1).max(200);
const RankingSchema = z.strictObject({ level: z.enum(INDEX_LEVELS as [string, ...string[]]), period: Period.optional(), withinOrgId: OrgId.optional(), baselinePeriod: Period.optional() });
const ProfileSchema = z
  .strictObject({ orgId: OrgId.optional(), gridId: OrgId.optional(), period: Period.optional(), baselinePeriod: Period.optional() })
  .refine((q) => (q.orgId === undefined) !== (q.gridId === undefined), { message: 'give either orgId or gridId', path: ['orgId'] });
const CompareSchema = z.strictObject({ a: OrgId, b: OrgId, period: Period.optional(), baselinePeriod: Period.optional() });
const GridScoresSchema = z.strictObject({ period: Period.optional() });

function parse<T>(method: string, schema: z.ZodType<T>, param: unknown): T {
  const r = schema.safeParse(param ?? {});
  if (!r.success) throw new BadRequestError(`${method}: ${describeZodError(r.error)}`);
  return r.data;
}

export interface IndexMethods {
  getIndexModel(param?: unknown): Promise<IndexModelInfo>;
  getIndexRanking(param: unknown): Promise<IndexRanking>;
  getBranchProfile(param: unknown): Promise<IndexProfile | null>;
  compareStreets(param: unknown): Promise<IndexStreetComparison | null>;
  getGridIndexScores(param?: unknown): Promise<{ period: string | null; grids: GridIndexScore[] }>;
}

/**
 * A street operator sees the branches of their own street only (the sub-centre that reported the org):
 * rankings keep the district-wide rank and the district's figure as the benchmark, but list no other
 * street's branches; profiles, comparisons and grid scores of other streets read as absent.
 */
function orgStreet(store: Store, orgId: string): string | null {
  const row = store.statement(`SELECT subcentre_id FROM orgs WHERE org_id = ?`).get(orgId) as { subcentre_id: string } | undefined;
  return row?.subcentre_id ?? null;
}

function gridStreets(store: Store): Map<string, string> {
  const rows = store.statement(`SELECT grid_id, subcentre_id FROM grids`).all() as Array<{ grid_id: string; subcentre_id: string }>;
  return new Map(rows.map((r) => [r.grid_id, r.subcentre_id]));
}

export function createIndexMethods(deps: { store: Store; now: () => number; live: (method: string) => void; index?: IndexPort | undefined }): IndexMethods {
  const visible = (orgId: string, scope: string | null): boolean => scope === null || orgStreet(deps.store, orgId) === scope;
  const source = (method: string): IndexSource => {
    deps.live(method);
    const index = deps.index;
    if (!index) throw new Error(`${method}: the strength index is not running on this console`);
    return { store: deps.store, model: index.engine.model, modelFile: index.modelFile, tree: () => index.engine.tree(), now: deps.now };
  };
  return {
    async getIndexModel(param) {
      parseNoParam('getIndexModel', param);
      return getIndexModelInfo(source('getIndexModel'));
    },
    async getIndexRanking(param) {
      const q = parse('getIndexRanking', RankingSchema, param) as IndexRankingQuery;
      const ranking = getIndexRanking(source('getIndexRanking'), q);
      const scope = currentScope();
      if (scope === null) return ranking;
      const mine = (rows: typeof ranking.rows) => rows.filter((r) => visible(r.orgId, scope));
      return { ...ranking, rows: mine(ranking.rows), red: mine(ranking.red), black: mine(ranking.black) };
    },
    async getBranchProfile(param) {
      const q = parse('getBranchProfile', ProfileSchema, param);
      const src = source('getBranchProfile');
      const orgId = q.orgId ?? branchOfGrid(src, q.gridId!);
      if (!orgId || !visible(orgId, currentScope())) return null;
      return getIndexProfile(src, { ...q, orgId });
    },
    async compareStreets(param) {
      const q = parse('compareStreets', CompareSchema, param);
      const src = source('compareStreets');
      const scope = currentScope();
      if (!visible(q.a, scope) || !visible(q.b, scope)) return null;
      const base = q.baselinePeriod ? { baselinePeriod: q.baselinePeriod } : {};
      const a = getIndexProfile(src, q.period ? { orgId: q.a, period: q.period, ...base } : { orgId: q.a, ...base });
      if (!a) return null;
      const b = getIndexProfile(src, { orgId: q.b, period: a.period, ...base });
      if (!b) return null;
      return { period: a.period, streets: [a, b] };
    },
    async getGridIndexScores(param) {
      const q = parse('getGridIndexScores', GridScoresSchema, param);
      const scores = getGridIndexScores(source('getGridIndexScores'), q.period);
      const scope = currentScope();
      if (scope === null) return scores;
      const streets = gridStreets(deps.store);
      return { ...scores, grids: scores.grids.filter((g) => streets.get(g.gridId) === scope) };
    },
  };
}
