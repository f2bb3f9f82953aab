// Validation helpers that turn zod results into one-line reasons a person can read.
import type { z } from 'zod';
import { BODY_SCHEMAS, COMMAND_SCHEMAS, CommandShape, EnvelopeShape, MAX_ENVELOPE_BYTES, type Command, type Envelope, type EventType, type CommandType } from './schemas.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export function isEventType(t: string): t is EventType {
  return Object.prototype.hasOwnProperty.call(BODY_SCHEMAS, t);
}

export function isCommandType(t: string): t is CommandType {
  return Object.prototype.hasOwnProperty.call(COMMAND_SCHEMAS, t);
}

/** Checks one inbound envelope: size, outer shape, known type, body. Never throws. */
export function checkEnvelope(raw: unknown, rawText?: string): Checked<Envelope> {
  try {
    const text = rawText ?? JSON.stringify(raw);
    if (text === undefined) return { ok: false, reason: 'envelope is not JSON-serialisable' };
    if (text.length * 3 > MAX_ENVELOPE_BYTES && utf8Length(text) > MAX_ENVELOPE_BYTES) return { ok: false, reason: `envelope exceeds ${MAX_ENVELOPE_BYTES} bytes` };
    const shape = EnvelopeShape.safeParse(raw);
    if (!shape.success) return { ok: false, reason: `bad envelope: ${describeZodError(shape.error)}` };
    const { type } = shape.data;
    if (!isEventType(type)) return { ok: false, reason: `unknown type "${type.slice(0, 100)}"` };
    const body = BODY_SCHEMAS[type].safeParse(shape.data.body);
    if (!body.success) return { ok: false, reason: `bad ${type} body: ${describeZodError(body.error)}` };
    return { ok: true, value: { ...shape.data, type, body: body.data } as Envelope };
  } catch (err) {
    return { ok: false, reason: `envelope could not be checked: ${(err as Error).message}` };
  }
}

/** Checks one command (client → server, §4). Never throws. */
export function checkCommand(raw: unknown): Checked<Command> {
  try {
    const shape = CommandShape.safeParse(raw);
    if (!shape.success) return { ok: false, reason: describeZodError(shape.error) };
    const { type } = shape.data;
    if (!isCommandType(type)) return { ok: false, reason: `unknown command type "${type.slice(0, 100)}"` };
    const spec = COMMAND_SCHEMAS[type];
    const target = spec.target.safeParse(shape.data.target);
    if (!target.success) return { ok: false, reason: `target: ${describeZodError(target.error)}` };
    const args = spec.args.safeParse(shape.data.args ?? {});
    if (!args.success) return { ok: false, reason: `args: ${describeZodError(args.error)}` };
    return { ok: true, value: { ...shape.data, type, target: target.data, args: args.data } as Command };
  } catch (err) {
    return { ok: false, reason: `command could not be checked: ${(err as Error).message}` };
  }
}

const encoder = new TextEncoder();
function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
