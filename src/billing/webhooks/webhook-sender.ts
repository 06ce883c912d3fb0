// Sends one webhook request over kept-alive connections and tells what came of it in the words the delivery log
// shows: the receiver's status and the start of its answer, or why there was none (timeout, refused, reset).
// The connection goes to the addresses the SSRF check approved, not to a second DNS answer.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './endpoint-address.ts';

export interface WebhookRequest {
  url: URL;
  /** Connect to these (checked) addresses; null: resolve the host as usual (private addresses allowed). */
  addresses: ResolvedAddress[] | null;
  headers: Record<string, string>;
  body: string;
}

export interface SendResult {
  /** The receiver's HTTP status; null when it never answered. */
  responseStatus: number | null;
  /** The start of its answer, at most `responseBodyLimit` characters. */
  responseBody: string | null;
  /** Why there is no usable answer (timeout, connection refused …); null when it answered in time. */
  error: string | null;
  durationMs: number;
  /** The send was stopped by the caller's signal (the run is going away); nothing of it is to be recorded. */
  aborted: boolean;
}

export interface WebhookSender {
  send(request: WebhookRequest, options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<SendResult>;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** What the delivery log keeps of a receiver's answer. */
const responseBodyLimit = 2048;
// A receiver's answer is read to its end (so the connection can be reused) up to this much, then cut off.
const maxAnswerBytes = 256 * 1024;

export function webhookSender(): WebhookSender {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
  };
  return {
    send: (request, options) => send(request, options, agents),
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function send(
  request: WebhookRequest,
  { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal | undefined },
  agents: { 'http:': http.Agent; 'https:': https.Agent },
): Promise<SendResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let status: number | null = null;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    const finish = (outcome: { error: string | null; aborted?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({
        responseStatus: status,
        responseBody: status === null ? null : answerText(kept),
        error: outcome.error,
        durationMs: Math.round(performance.now() - started),
        aborted: outcome.aborted ?? false,
      });
    };
    const isHttps = request.url.protocol === 'https:';
    const outgoing = (isHttps ? https : http).request(
      request.url,
      {
        method: 'POST',
        agent: isHttps ? agents['https:'] : agents['http:'],
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        ...(request.addresses ? { lookup: pinnedLookup(request.addresses) } : {}),
      },
      (response) => {
        status = response.statusCode ?? null;
        let answerBytes = 0;
        response.on('data', (chunk: Buffer) => {
          answerBytes += chunk.length;
          if (keptBytes < responseBodyLimit * 4) {
            kept.push(chunk);
            keptBytes += chunk.length;
          }
          if (answerBytes > maxAnswerBytes) {
            finish({ error: null });
            outgoing.destroy();
          }
        });
        response.on('end', () => finish({ error: null }));
        response.on('error', () => finish({ error: null }));
        response.on('close', () => finish({ error: null }));
      },
    );
    outgoing.on('error', (error) => finish({ error: errorText(error) }));
    const timer = setTimeout(() => {
      finish({ error: `No answer within ${formatSeconds(timeoutMs)} (timeout).` });
      outgoing.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish({ error: 'The delivery run stopped.', aborted: true });
      outgoing.destroy();
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    outgoing.end(request.body);
  });
}

/** A lookup that answers the checked addresses whatever the name, so no second DNS answer is connected to. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (options.all) callback(null, addresses);
    else if (first) callback(null, first.address, first.family);
    else callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
  };
}

function answerText(chunks: Buffer[]): string {
  // Postgres text holds no NUL character.
  return Buffer.concat(chunks).toString('utf8').replaceAll('\u0000', '').slice(0, responseBodyLimit);
}

const errorWords: Record<string, string> = {
  ECONNREFUSED: 'Connection refused.',
  ECONNRESET: 'The connection was reset before an answer came.',
  EPIPE: 'The connection was closed before the request was sent.',
  ENOTFOUND: 'Host not found.',
  EAI_AGAIN: 'Host not found (DNS did not answer).',
  EHOSTUNREACH: 'Host unreachable.',
  ENETUNREACH: 'Network unreachable.',
  ETIMEDOUT: 'The connection timed out.',
};

function errorText(error: Error & { code?: string }): string {
  const words = error.code ? errorWords[error.code] : undefined;
  if (words) return words;
  const text = error.code ? `${error.code}: ${error.message}` : error.message;
  return text.slice(0, 500);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
