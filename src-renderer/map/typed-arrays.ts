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
