// The host names the field in its refusals ("saveEndpoint: url: must be an http:// or https:// URL",
// "alarm: carousel.seconds: Too small"). This picks, for each field the form shows, the host's message,
// so that it appears next to that field; what names no known field stays a message for the whole form.

export interface FieldErrors {
  fields: Record<string, string>;
  /** Whatever could not be placed next to a field. */
  general: string | null;
}

/** `known`: the form's field names; a path's deepest known segment wins (carousel.seconds → seconds). */
export function fieldErrors(message: string, known: readonly string[]): FieldErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const parts = message.split(/;\s*/);
  for (const part of parts) {
    const tokens = part.split(': ');
    // Leading tokens without spaces are the method / section / field path ("saveEndpoint: url: …"); the
    // rest is the message, which may itself contain ": " ("Too small: expected …").
    let k = 0;
    while (k < tokens.length - 1 && /^[\w.\-[\]]+$/.test(tokens[k]!)) k++;
    const text = tokens.slice(k).join(': ');
    const path = tokens.slice(0, k).flatMap((tok) => tok.split('.'));
    let field: string | null = null;
    for (const seg of path) if (known.includes(seg)) field = seg;
    if (field && fields[field] === undefined) fields[field] = text;
    else if (!field) rest.push(part);
  }
  // "saveEndpoint: …" → "…": the method name means nothing to the person at the form.
  const general = rest.length ? rest.join('; ').replace(/^[a-z][A-Za-z]+: /, '') : null;
  return { fields, general };
}

/** The message of an error crossing the API (RemoteApiError or Error). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
