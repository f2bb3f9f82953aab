// "Test connection" for a sub-centre endpoint (issue 9): says exactly what stands between this console
// and a working SFP/1 link. Two steps, so that each failure has one clear name:
//   1. an HTTP(S) request for an Engine.IO v4 handshake on the server (network, TLS, "is it Socket.IO 4?");
//   2. the SFP/1 handshake itself on /sfp1 with the token (unauthorized, protocol, hello, street).
// Nothing is written to the cache; the connection is closed at the end. The token never appears in a result.
import http from 'node:http';
import https from 'node:https';
import { io } from 'socket.io-client';
import type { EndpointTestResult } from '../../src-shared/api.ts';
import { Hello, SFP_PROTOCOL } from '../../src-shared/sfp/schemas.ts';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { feedUrl } from './subcentre-link.ts';

export interface TestEndpointOptions {
  url: string;
  token: string;
  /** The street the endpoint is saved for; hello must name the same one. */
  expectedSubcentreId?: string;
  consoleId: string;
  /** For each of the two steps. Default 5,000 ms. */
  timeoutMs?: number;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'EPIPE', 'ENETDOWN']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
]);

/** A failure's class from a Node error code (also for codes not listed: anything SSL / CERT / TLS is TLS). */
export function classifyErrorCode(code: string): 'unreachable' | 'tls-error' | null {
  if (NETWORK_CODES.has(code)) return 'unreachable';
  if (TLS_CODES.has(code) || /CERT|SSL|TLS/.test(code)) return 'tls-error';
  return null;
}

/** The Node error code inside whatever socket.io-client or ws wrapped it in. */
function codeOf(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const e = err as { code?: unknown; error?: unknown; description?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && e.code) return e.code;
  return codeOf(e.description, depth + 1) ?? codeOf(e.error, depth + 1) ?? codeOf(e.cause, depth + 1);
}

function addressOf(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

const TLS_WORDS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presents a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate that this machine does not trust',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate is for another host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is signed by an authority this machine does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server certificate is signed by an authority this machine does not know',
  EPROTO: 'the TLS handshake failed (is the server speaking https?)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the TLS handshake failed (is the server speaking https?)',
};

type Outcome = Omit<EndpointTestResult, 'elapsedMs'>;

function failure(outcome: EndpointTestResult['outcome'], address: string, code: string | null, detail: string): Outcome {
  return { outcome, address, code, detail, server: null };
}

/** Step 1: does an Engine.IO v4 server answer at this address? */
function probeEngineIo(base: URL, timeoutMs: number): Promise<Outcome | null> {
  const address = addressOf(base);
  const probe = new URL('/socket.io/?EIO=4&transport=polling', base);
  const get = base.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Outcome | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done(failure('unreachable', address, 'ETIMEDOUT', `no answer from ${address} within ${timeoutMs} ms`)), timeoutMs);
    const req = get(probe, { headers: { accept: '*/*' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        // Engine.IO v4 opens with packet type 0 and a JSON handshake holding the session id.
        if (status === 200 && /^0\{.*"sid"/.test(body)) return done(null);
        let engineError: { code?: unknown; message?: unknown } | null = null;
        try {
          engineError = JSON.parse(body) as { code?: unknown; message?: unknown };
        } catch {
          engineError = null;
        }
        if (engineError && typeof engineError.code === 'number') {
          // Code 5 is "unsupported protocol version" (an Engine.IO 3 / Socket.IO 2 server); code 0 (unknown
          // transport) means a v4 server that allows WebSocket only, which SFP/1 permits.
          if (engineError.code === 0) return done(null);
          return done(failure('unsupported-protocol', address, `engine.io-${engineError.code}`, `the server is Socket.IO but refuses Engine.IO 4: ${String(engineError.message ?? '').slice(0, 120)}`));
        }
        done(failure('unsupported-protocol', address, `http-${status}`, `${address} answers HTTP ${status} but is not a Socket.IO 4 (SFP/1) server`));
      });
      res.on('error', (err) => done(networkFailure(err, address)));
    });
    req.on('error', (err) => done(networkFailure(err, address)));
  });
}

function networkFailure(err: unknown, address: string): Outcome {
  const code = codeOf(err) ?? 'ECONNRESET';
  const kind = classifyErrorCode(code) ?? 'unreachable';
  if (kind === 'tls-error') return failure('tls-error', address, code, `${TLS_WORDS[code] ?? 'the TLS connection failed'} (${code}, ${address})`);
  const words = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `the host name ${address.replace(/:\d+$/, '')} cannot be resolved` : `${address} cannot be reached`;
  return failure('unreachable', address, code, `${words} (${code})`);
}

/** Step 2: the SFP/1 handshake up to `hello`. */
function handshake(options: TestEndpointOptions, base: URL, timeoutMs: number): Promise<Outcome> {
  const address = addressOf(base);
  return new Promise((resolve) => {
    const socket = io(feedUrl(options.url), {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
      auth: { protocol: SFP_PROTOCOL, token: options.token, consoleId: options.consoleId, resume: null },
    });
    let settled = false;
    const done = (r: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.disconnect();
      resolve(r);
    };
    const timer = setTimeout(() => done(failure('unsupported-protocol', address, 'no-hello', `connected to ${address} but no SFP/1 hello arrived within ${timeoutMs} ms`)), timeoutMs + 500);
    socket.on('connect_error', (err: Error) => {
      const message = typeof err?.message === 'string' ? err.message : '';
      if (message === 'unauthorized') return done(failure('unauthorized', address, 'unauthorized', 'the sub-centre refuses this token'));
      if (message === 'unsupported-protocol') return done(failure('unsupported-protocol', address, 'unsupported-protocol', 'the sub-centre does not speak sfp/1'));
      const code = codeOf(err);
      if (code) {
        const r = networkFailure(err, address);
        return done(r);
      }
      if (message === 'timeout') return done(failure('unreachable', address, 'ETIMEDOUT', `no answer from ${address} within ${timeoutMs} ms`));
      // "Invalid namespace" and the like: a Socket.IO server without SFP/1.
      done(failure('unsupported-protocol', address, 'socket.io', `the server refused the SFP/1 namespace: ${message.slice(0, 160) || 'connection refused'}`));
    });
    socket.on('hello', (raw: unknown) => {
      const parsed = Hello.safeParse(raw);
      if (!parsed.success) {
        const protocol = (raw as { protocol?: unknown } | null)?.protocol;
        if (typeof protocol === 'string' && protocol !== SFP_PROTOCOL) return done(failure('unsupported-protocol', address, 'protocol', `the server speaks ${protocol.slice(0, 40)}, not ${SFP_PROTOCOL}`));
        return done(failure('unsupported-protocol', address, 'bad-hello', `the server's hello is not SFP/1: ${describeZodError(parsed.error).slice(0, 200)}`));
      }
      const hello = parsed.data;
      const server = { subcentreId: hello.subcentre.id, name: hello.subcentre.name, epoch: hello.epoch, headSeq: hello.headSeq };
      if (options.expectedSubcentreId && hello.subcentre.id !== options.expectedSubcentreId) {
        return done({ outcome: 'wrong-street', address, code: 'subcentre-mismatch', detail: `the server is ${hello.subcentre.name} (${hello.subcentre.id}), not ${options.expectedSubcentreId}`, server });
      }
      done({ outcome: 'ok', address, code: null, detail: `${hello.subcentre.name} (${hello.subcentre.id}), epoch ${hello.epoch}, head ${hello.headSeq}`, server });
    });
  });
}

export async function testEndpoint(options: TestEndpointOptions): Promise<EndpointTestResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 5_000;
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    return { outcome: 'unreachable', address: '', code: 'EINVAL', detail: `not a URL: ${options.url.slice(0, 100)}`, server: null, elapsedMs: 0 };
  }
  const probed = await probeEngineIo(base, timeoutMs);
  const result = probed ?? (await handshake(options, base, timeoutMs));
  return { ...result, elapsedMs: Date.now() - started };
}
