// Growing typed arrays in place: the map keeps one typed array per attribute (never one object per
// point) and doubles it when a chunk does not fit, copying what is there.
export type NumericArray = Float32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array;

export function grown<T extends NumericArray>(array: T, minLength: number, fill?: number): T {
  if (array.length >= minLength) return array;
  let length = Math.max(16, array.length);
  while (length < minLength) length *= 2;
  const Ctor = array.constructor as new (n: number) => T;
  const next = new Ctor(length);
  if (fill !== undefined) next.fill(fill);
  next.set(array);
  return next;
}

/** A finite number or the fallback (columns come over a boundary and are not trusted blindly). */
export function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The slot of `id` in an id-indexed buffer, appending a new slot for an id not seen before. */
export function slotFor(buf: { length: number; indexById: Map<string, number>; ids: string[] }, id: string): number {
  let slot = buf.indexById.get(id);
  if (slot === undefined) {
    slot = buf.length++;
    buf.indexById.set(id, slot);
    buf.ids[slot] = id;
  }
  return slot;
}

/**
 * How many rows deck.gl is told a partial-update layer has: the rows in use rounded up to a step of about
 * a sixteenth of them (at least 1,024). deck.gl sizes each GPU buffer to the length it is given and
 * re-makes (and re-uploads) it whenever that grows; rounding up means once per step of appends instead of
 * once per new incident, at the price of at most ~6 % hidden rows drawn (a software renderer pays per row).
 * The arrays behind must hold at least this many rows, the ones past those in use hidden.
 */
export function drawLength(rows: number): number {
  const step = Math.max(1024, 2 ** Math.floor(Math.log2(Math.max(1, rows) / 16)));
  return Math.ceil((rows + 1) / step) * step;
}
