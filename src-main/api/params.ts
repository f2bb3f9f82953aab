// Request parameters of the ConsoleApi, checked at the boundary: whatever a renderer (or anything that
// reaches the WebSocket) sends, a method either gets a well-formed query or the caller gets a
// BadRequest naming the field. Limits are clamped to what the host is willing to answer in one go.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { AlertState, COMMAND_SCHEMAS, IncidentStatus, Severity } from '../../src-shared/sfp/schemas.ts';
import { DEFAULT_COLUMNS_LIMIT, MAX_COLUMNS_LIMIT } from '../store/queries.ts';
import type { AlertQuery, ColumnsQuery, IncidentQuery, IndicatorQuery, IssueCommandRequest } from '../../src-shared/api.ts';

/** An invalid request parameter. Crosses the transports as { name: 'BadRequest', message }. */
export class BadRequestError extends Error {
  override name = 'BadRequest';
}

/** Most rows one columns chunk may carry (the renderer asks again while `more`); the store's own limits. */
export const MAX_COLUMN_CHUNK = MAX_COLUMNS_LIMIT;
export const DEFAULT_COLUMN_CHUNK = DEFAULT_COLUMNS_LIMIT;
export const MAX_LIST_ROWS = 5_000;
export const DEFAULT_LIST_ROWS = 200;
export const MAX_ACTIVITY = 500;
export const DEFAULT_ACTIVITY = 50;
export const MAX_OUTBOX = 1_000;
export const DEFAULT_OUTBOX = 100;

const Id = z.string().min(1).max(200);
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Limit = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const Time = z.number().finite().min(0).max(8.64e15);
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

const ColumnsQuerySchema = z.strictObject({ afterVersion: Count.optional(), limit: Limit.optional() });

const IncidentQuerySchema = z.strictObject({
  subcentreId: Id.optional(),
  gridId: Id.optional(),
  status: z.array(IncidentStatus).max(20).optional(),
  severity: z.array(Severity).max(10).optional(),
  category: z.string().min(1).max(200).optional(),
  openOnly: z.boolean().optional(),
  overdueOnly: z.boolean().optional(),
  from: Time.optional(),
  to: Time.optional(),
  text: z.string().max(200).optional(),
  limit: Limit.optional(),
  offset: Count.optional(),
  orderBy: z.enum(['reportedAt', 'updatedAt', 'dueAt', 'severity']).optional(),
  desc: z.boolean().optional(),
});

const AlertQuerySchema = z.strictObject({
  subcentreId: Id.optional(),
  state: z.array(AlertState).max(10).optional(),
  limit: Limit.optional(),
  offset: Count.optional(),
});

const IndicatorQuerySchema = z.strictObject({
  orgId: Id.optional(),
  period: Period.optional(),
  fromPeriod: Period.optional(),
  toPeriod: Period.optional(),
  limit: Limit.optional(),
});

const IncidentIdSchema = z.strictObject({ incidentId: Id });
const AlertIdSchema = z.strictObject({ alertId: Id });
const LimitOnlySchema = z.strictObject({ limit: Limit.optional() });

const CommandTypeSchema = z.enum(Object.keys(COMMAND_SCHEMAS) as [keyof typeof COMMAND_SCHEMAS, ...(keyof typeof COMMAND_SCHEMAS)[]]);
const IssueCommandSchema = z.strictObject({
  type: CommandTypeSchema,
  target: z.record(z.string(), z.unknown()),
  args: z.record(z.string(), z.unknown()).optional(),
});

function parse<T>(method: string, schema: z.ZodType<T>, param: unknown, optional: boolean): T {
  const value = param === undefined || param === null ? (optional ? {} : param) : param;
  const r = schema.safeParse(value);
  if (!r.success) throw new BadRequestError(`${method}: ${describeZodError(r.error)}`);
  return r.data;
}

const clamp = (n: number | undefined, dflt: number, max: number): number => Math.min(n ?? dflt, max);

export function parseNoParam(method: string, param: unknown): void {
  if (param === undefined || param === null) return;
  if (typeof param === 'object' && !Array.isArray(param) && Object.keys(param).length === 0) return;
  throw new BadRequestError(`${method}: takes no parameter`);
}

export function parseColumnsQuery(method: string, param: unknown): Required<ColumnsQuery> {
  const q = parse(method, ColumnsQuerySchema, param, true);
  return { afterVersion: q.afterVersion ?? 0, limit: clamp(q.limit, DEFAULT_COLUMN_CHUNK, MAX_COLUMN_CHUNK) };
}

export function parseIncidentQuery(param: unknown): IncidentQuery {
  const q = parse('listIncidents', IncidentQuerySchema, param, true);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new BadRequestError('listIncidents: from: must not be after to');
  return { ...q, limit: clamp(q.limit, DEFAULT_LIST_ROWS, MAX_LIST_ROWS) };
}

export function parseAlertQuery(param: unknown): AlertQuery {
  const q = parse('listAlerts', AlertQuerySchema, param, true);
  return { ...q, limit: clamp(q.limit, DEFAULT_LIST_ROWS, MAX_LIST_ROWS) };
}

export function parseIndicatorQuery(param: unknown): IndicatorQuery {
  const q = parse('listIndicators', IndicatorQuerySchema, param, true);
  if (q.fromPeriod && q.toPeriod && q.fromPeriod > q.toPeriod) throw new BadRequestError('listIndicators: fromPeriod: must not be after toPeriod');
  return { ...q, limit: clamp(q.limit, MAX_LIST_ROWS, MAX_LIST_ROWS) };
}

export function parseIncidentId(param: unknown): { incidentId: string } {
  return parse('getIncident', IncidentIdSchema, param, false);
}

export function parseAlertId(param: unknown): { alertId: string } {
  return parse('getAlertSnapshot', AlertIdSchema, param, false);
}

export function parseActivityLimit(param: unknown): number {
  return clamp(parse('getRecentActivity', LimitOnlySchema, param, true).limit, DEFAULT_ACTIVITY, MAX_ACTIVITY);
}

export function parseOutboxLimit(param: unknown): number {
  return clamp(parse('listOutbox', LimitOnlySchema, param, true).limit, DEFAULT_OUTBOX, MAX_OUTBOX);
}

/** Checks the command's shape, target and args against SFP/1 §4, so the operator hears about a bad one at once. */
export function parseIssueCommand(param: unknown): IssueCommandRequest {
  const q = parse('issueCommand', IssueCommandSchema, param, false);
  const spec = COMMAND_SCHEMAS[q.type];
  // Without a rev the command is about the state the console holds now (the feed fills it in).
  const target = spec.target.safeParse(q.target.rev === undefined ? { ...q.target, rev: 0 } : q.target);
  if (!target.success) throw new BadRequestError(`issueCommand ${q.type}: target: ${describeZodError(target.error)}`);
  const args = spec.args.safeParse(q.args ?? {});
  if (!args.success) throw new BadRequestError(`issueCommand ${q.type}: args: ${describeZodError(args.error)}`);
  const checkedTarget = target.data as Record<string, unknown>;
  if (q.target.rev === undefined) delete checkedTarget.rev;
  return { type: q.type, target: checkedTarget, args: args.data as Record<string, unknown> };
}
