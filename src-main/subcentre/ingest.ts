// HTTP side of the sub-centre: POST /ingest/<kind> for third parties (a street's grid platform, a
// video-analytics vendor) that push facts without speaking Socket.IO, and GET /healthz.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BODY_SCHEMAS, MAX_ENVELOPE_BYTES, type EventType } from '../../src-shared/sfp/schemas.ts';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { formatShanghaiIso } from '../../src-shared/domain/time.ts';
import type { SubcentreLog } from './log.ts';

export const MAX_INGEST_ITEMS = 1000;
export const MAX_INGEST_BYTES = 5 * 1024 * 1024;

const INGEST_TYPES: Record<string, EventType> = {
  incidents: 'incident.upsert',
  alerts: 'alert.upsert',
  cameras: 'camera.upsert',
  stations: 'station.upsert',
  orgs: 'org.upsert',
  grids: 'grid.upsert',
  indicators: 'indicators.report',
};

export interface IngestResponse {
  accepted: number;
  rejected: Array<{ index: number; reason: string }>;
}

export interface HttpHandlerOptions {
  log: SubcentreLog;
  ingestToken: string;
  now: () => Date;
}

/** The request listener for everything on the HTTP server that is not Socket.IO. */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `internal error: ${(err as Error).message}` });
      else res.destroy();
    });
  };
}

async function handle(options: HttpHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuseMethod(res, 'GET');
    const { log } = options;
    return sendJson(res, 200, { ok: !log.isClosed, subcentre: log.subcentre, epoch: log.epoch, headSeq: log.isClosed ? null : log.headSeq() });
  }
  const match = /^\/ingest\/([a-z]+)\/?$/.exec(path);
  const type = match ? INGEST_TYPES[match[1]!] : undefined;
  if (!type) return sendJson(res, 404, { error: `no such path: ${path.slice(0, 200)}` });
  if (req.method !== 'POST') return refuseMethod(res, 'POST');
  if (!bearerMatches(req.headers.authorization, options.ingestToken)) {
    res.setHeader('WWW-Authenticate', 'Bearer');
    return sendJson(res, 401, { error: 'unauthorized' });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_INGEST_BYTES) return tooLarge(req, res);
  const text = await readBody(req);
  if (text === null) return tooLarge(req, res);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return sendJson(res, 400, { error: `body is not JSON: ${(err as Error).message}` });
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) return sendJson(res, 400, { error: 'no items in the body' });
  if (items.length > MAX_INGEST_ITEMS) return sendJson(res, 413, { error: `at most ${MAX_INGEST_ITEMS} items per request, got ${items.length}` });
  const result = ingestItems(options.log, type, items, formatShanghaiIso(options.now()));
  const status = result.rejected.length === 0 ? 200 : result.accepted === 0 ? 422 : 207;
  return sendJson(res, status, result);
}

/**
 * Validates and publishes each item in one transaction; a bad item is reported by index and does
 * not stop the others. The log sets rev (held rev + 1); history and updatedAt get defaults.
 */
export function ingestItems(log: SubcentreLog, type: EventType, items: unknown[], at: string): IngestResponse {
  const rejected: IngestResponse['rejected'] = [];
  let accepted = 0;
  log.transaction(() => {
    items.forEach((raw, index) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        rejected.push({ index, reason: 'item is not a JSON object' });
        return;
      }
      const body = withDefaults(log, type, raw as Record<string, unknown>, at);
      const checked = BODY_SCHEMAS[type].safeParse(body);
      if (!checked.success) {
        rejected.push({ index, reason: describeZodError(checked.error) });
        return;
      }
      if (Buffer.byteLength(JSON.stringify(body)) + 200 > MAX_ENVELOPE_BYTES) {
        rejected.push({ index, reason: `item exceeds ${MAX_ENVELOPE_BYTES} bytes` });
        return;
      }
      try {
        log.publish(type, body as never); // checked against BODY_SCHEMAS[type] just above
        accepted += 1;
      } catch (err) {
        rejected.push({ index, reason: (err as Error).message });
      }
    });
  });
  return { accepted, rejected };
}

function withDefaults(log: SubcentreLog, type: EventType, item: Record<string, unknown>, at: string): Record<string, unknown> {
  const body: Record<string, unknown> = { ...item };
  if (type === 'entity.delete') return body;
  body.rev = (log.heldRev(type, body) ?? 0) + 1;
  if (type === 'incident.upsert') {
    body.updatedAt ??= at;
    body.history ??= [{ at: typeof body.reportedAt === 'string' ? body.reportedAt : at, action: 'report' }];
  } else if (type === 'alert.upsert') {
    body.updatedAt ??= at;
    body.state ??= 'open';
  }
  return body;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body as text, or null when it grows past MAX_INGEST_BYTES. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_INGEST_BYTES) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  // Do not read the rest: answer, then drop the connection.
  res.setHeader('Connection', 'close');
  sendJson(res, 413, { error: `body exceeds ${MAX_INGEST_BYTES} bytes` });
  res.on('finish', () => req.socket.destroy());
}

function refuseMethod(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendJson(res, 405, { error: `method not allowed; use ${allow}` });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
