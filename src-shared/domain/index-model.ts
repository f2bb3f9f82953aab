// The organisational-strength index model as data (resources/index-model/README.md documents the
// format). parseIndexModel turns the file's text into a checked model, or throws an IndexModelError
// listing every problem with the line it is on.
import { z } from 'zod';
import { JsonSyntaxError, parseJsonWithPositions, pathKey, positionOf } from './json-positions.ts';

export const INDEX_MODEL_FORMAT = 'superbrain-index-model/1';

/** Indicators the console derives from live work in a branch's grid (see strength-index.ts). */
export const DERIVED_INDICATORS = ['closed_on_time_share', 'handled_in_grid_share', 'satisfaction_avg', 'video_confirmed_share'] as const;
export type DerivedIndicatorName = (typeof DERIVED_INDICATORS)[number];

const Id = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower-case letters, digits and _, starting with a letter');
const Name = z.string().min(1, 'must not be empty').max(100);
const SOURCE = /^(?:reported:([A-Za-z0-9_.-]{1,100})(?:\/([A-Za-z0-9_.-]{1,100}))?|derived:([a-z_]+))$/;

const Normalisation = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('minmax') }),
  z.strictObject({ method: z.literal('target'), floor: z.number().finite(), target: z.number().finite() }),
]);

const ModelSchema = z.strictObject({
  format: z.literal(INDEX_MODEL_FORMAT, { error: `must be "${INDEX_MODEL_FORMAT}"` }),
  name: Name,
  period: z.literal('month', { error: 'must be "month" (the only period supported)' }),
  aggregation: z.enum(['members'], { error: 'must be "members"' }),
  baselineMonthsBefore: z.number().int('must be a whole number').min(1).max(120),
  grades: z
    .array(z.strictObject({ stars: z.number().int().min(1).max(5), min: z.number().min(0).max(100) }))
    .min(1, 'must list at least one grade'),
  lists: z.strictObject({ size: z.number().int().min(1).max(100) }),
  dimensions: z.array(z.strictObject({ id: Id, name: Name, nameEn: Name.optional() })).min(1, 'must list at least one dimension'),
  indicators: z
    .array(
      z.strictObject({
        id: Id,
        name: Name,
        nameEn: Name.optional(),
        dimension: z.string(),
        source: z.string().regex(SOURCE, 'must be "reported:<key>", "reported:<key>/<key>" or "derived:<name>"'),
        direction: z.enum(['higher', 'lower'], { error: 'must be "higher" or "lower"' }),
        normalisation: Normalisation,
        weight: z.number().finite().positive('must be a positive number'),
      }),
    )
    .min(1, 'must list at least one indicator'),
});
type ModelFile = z.infer<typeof ModelSchema>;

export type IndicatorSource =
  | { kind: 'reported'; key: string; per?: string }
  | { kind: 'derived'; name: DerivedIndicatorName };

export interface IndexIndicator {
  id: string;
  name: string;
  nameEn: string;
  dimension: string;
  source: IndicatorSource;
  /** The source as written in the file, e.g. "reported:volunteer_hours/members_total". */
  sourceText: string;
  direction: 'higher' | 'lower';
  normalisation: { method: 'minmax' } | { method: 'target'; floor: number; target: number };
  weight: number;
}

export interface IndexModel {
  name: string;
  period: 'month';
  aggregation: 'members';
  baselineMonthsBefore: number;
  /** Highest threshold first. */
  grades: Array<{ stars: number; min: number }>;
  listSize: number;
  dimensions: Array<{ id: string; name: string; nameEn: string }>;
  indicators: IndexIndicator[];
  /** Sum of the indicator weights (a full score is 100 whatever the sum). */
  totalWeight: number;
}

export class IndexModelError extends Error {
  override name = 'IndexModelError';
  constructor(
    readonly file: string,
    readonly problems: Array<{ line: number; path: string; message: string }>,
  ) {
    super(`index model ${file} is not valid:\n${problems.map((p) => `  line ${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`);
  }
}

/** Parses and checks a model file's text; `file` only names it in errors. */
export function parseIndexModel(text: string, file = 'index model'): IndexModel {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new IndexModelError(file, [{ line: err.line, path: '', message: `not valid JSON: ${err.message}` }]);
    throw err;
  }
  const result = ModelSchema.safeParse(parsed.value);
  const problems: Array<{ line: number; path: string; message: string }> = [];
  const at = (path: Array<string | number>, message: string): void => {
    problems.push({ line: positionOf(parsed, path).line, path: pathKey(path), message });
  };
  if (!result.success) {
    for (const issue of result.error.issues) at(issue.path as Array<string | number>, issue.message);
    throw new IndexModelError(file, sortProblems(problems));
  }
  const m: ModelFile = result.data;

  const dimensionIds = new Set<string>();
  m.dimensions.forEach((d, k) => {
    if (dimensionIds.has(d.id)) at(['dimensions', k, 'id'], `"${d.id}" is used twice`);
    dimensionIds.add(d.id);
  });
  const indicatorIds = new Set<string>();
  const used = new Set<string>();
  const indicators: IndexIndicator[] = m.indicators.map((ind, k) => {
    if (indicatorIds.has(ind.id)) at(['indicators', k, 'id'], `"${ind.id}" is used twice`);
    indicatorIds.add(ind.id);
    if (!dimensionIds.has(ind.dimension)) at(['indicators', k, 'dimension'], `"${ind.dimension}" is not one of the dimensions (${[...dimensionIds].join(', ')})`);
    used.add(ind.dimension);
    const s = SOURCE.exec(ind.source)!;
    let source: IndicatorSource;
    if (s[3] !== undefined) {
      if (!(DERIVED_INDICATORS as readonly string[]).includes(s[3])) at(['indicators', k, 'source'], `unknown derived indicator "${s[3]}" (known: ${DERIVED_INDICATORS.join(', ')})`);
      source = { kind: 'derived', name: s[3] as DerivedIndicatorName };
    } else {
      source = s[2] !== undefined ? { kind: 'reported', key: s[1]!, per: s[2] } : { kind: 'reported', key: s[1]! };
    }
    const n = ind.normalisation;
    if (n.method === 'target') {
      if (n.floor === n.target) at(['indicators', k, 'normalisation', 'target'], 'must differ from floor');
      else if ((ind.direction === 'higher') !== n.target > n.floor) {
        at(['indicators', k, 'normalisation', 'target'], `direction is "${ind.direction}", so target must be ${ind.direction === 'higher' ? 'above' : 'below'} floor`);
      }
    }
    return { ...ind, nameEn: ind.nameEn ?? ind.name, sourceText: ind.source, source };
  });
  m.dimensions.forEach((d, k) => {
    if (!used.has(d.id)) at(['dimensions', k, 'id'], `no indicator belongs to dimension "${d.id}"`);
  });
  const grades = [...m.grades].sort((a, b) => b.min - a.min);
  if (!grades.some((g) => g.min === 0)) at(['grades'], 'needs a grade with min 0, so that every score has a grade');
  if (problems.length > 0) throw new IndexModelError(file, sortProblems(problems));

  return {
    name: m.name,
    period: m.period,
    aggregation: m.aggregation,
    baselineMonthsBefore: m.baselineMonthsBefore,
    grades,
    listSize: m.lists.size,
    dimensions: m.dimensions.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn ?? d.name })),
    indicators,
    totalWeight: indicators.reduce((sum, i) => sum + i.weight, 0),
  };
}

function sortProblems<T extends { line: number }>(problems: T[]): T[] {
  return problems.sort((a, b) => a.line - b.line);
}
