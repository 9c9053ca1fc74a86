/** Reading a JSON body safely: size-limited while streaming, typed errors for every mistake. */
import { ApiError } from './errors.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${Math.round(limit / 1024)} KB.`);

/** Reading past the limit this far (and discarding) lets the client see our 413 instead of a reset. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): Promise<void> {
  let read = alreadyRead;
  try {
    while (read < DRAIN_LIMIT) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
  } catch {
    return;
  }
  await reader.cancel().catch(() => {});
}

/**
 * The body as parsed JSON, or `undefined` when there is none. 415 for a body that is not
 * JSON, 413 past `limit` bytes (checked on the declared length and again while reading, since
 * a chunked body declares none), 400 for JSON that does not parse.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBodyBytes(request, limit);
  if (bytes === undefined || bytes.byteLength === 0) return undefined;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[\w.+-]*\+json$/.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, 'bad_request', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The raw bytes of a body (413 past `limit`), for what must be checked as sent (signatures). */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  let bytes: Uint8Array;
  if (request.body === undefined) {
    // Firefox has no `Request.body` stream (the core runs in its tab for tests and stories):
    // read it whole (it is in memory there anyway), the limit checked before and after.
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
    bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > limit) throw tooLarge(limit);
  } else {
    if (!request.body) return undefined;
    const reader = request.body.getReader();
    if (Number.isFinite(declared) && declared > limit) {
      await drain(reader, 0);
      throw tooLarge(limit);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await drain(reader, size);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
    bytes = concat(chunks, size);
  }
  return bytes;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
