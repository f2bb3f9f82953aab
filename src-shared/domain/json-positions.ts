// A small JSON parser that remembers where every value starts, so that a configuration file can be
// refused with "line 42: indicators[3].weight: …" instead of a bare path. JSON.parse gives no positions.

export interface JsonPosition {
  line: number;
  column: number;
}

export interface PositionedJson {
  value: unknown;
  /** Start of each value by its path (see pathKey); the root is "". */
  positions: Map<string, JsonPosition>;
}

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

/** "indicators[3].weight" for ['indicators', 3, 'weight']. */
export function pathKey(path: ReadonlyArray<string | number | symbol>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** The position of the value at path, or of its nearest ancestor that exists. */
export function positionOf(parsed: PositionedJson, path: ReadonlyArray<string | number | symbol>): JsonPosition {
  for (let n = path.length; n >= 0; n--) {
    const p = parsed.positions.get(pathKey(path.slice(0, n)));
    if (p) return p;
  }
  return { line: 1, column: 1 };
}

export function parseJsonWithPositions(text: string): PositionedJson {
  const positions = new Map<string, JsonPosition>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a BOM is tolerated

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, i - lineStart + 1);
  };
  const skipWhitespace = (): void => {
    for (;;) {
      const c = text[i];
      if (c === '\n') {
        i++;
        line++;
        lineStart = i;
      } else if (c === ' ' || c === '\t' || c === '\r') i++;
      else return;
    }
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined || c === '\n') fail('unterminated string');
      if (c === '"') break;
      if (c === '\\') i++;
      i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('invalid escape in string');
    }
  };

  const parseValue = (path: string): unknown => {
    skipWhitespace();
    positions.set(path, { line, column: i - lineStart + 1 });
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      skipWhitespace();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        skipWhitespace();
        if (text[i] !== '"') fail(`expected a property name in quotes, found ${describe()}`);
        const key = parseString();
        skipWhitespace();
        if (text[i] !== ':') fail(`expected ':' after "${key}", found ${describe()}`);
        i++;
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`"${key}" appears twice`);
        obj[key] = parseValue(path ? `${path}.${key}` : key);
        skipWhitespace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`expected ',' or '}', found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      skipWhitespace();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(`${path}[${arr.length}]`));
        skipWhitespace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`expected ',' or ']', found ${describe()}`);
      }
    }
    if (c === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!literal) return fail(`unexpected ${describe()}`);
    i += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  };

  const value = parseValue('');
  skipWhitespace();
  if (i < text.length) fail(`unexpected ${describe()} after the end of the document`);
  return { value, positions };
}
