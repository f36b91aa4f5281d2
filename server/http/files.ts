import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from './problem.ts';

/**
 * Sends stored bytes with their type and name. The ASCII `filename` is a fallback for old clients; the
 * real (often Chinese) name travels in `filename*` (RFC 6266). `cache` is false for personal files.
 */
export function sendFile(
  reply: FastifyReply,
  file: { name: string; contentType: string; sha256: string; data: Buffer },
  disposition: 'attachment' | 'inline' = 'attachment',
  cache: 'public' | 'private' = 'public',
) {
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', file.contentType)
    .header('etag', `"${file.sha256}"`)
    .header('cache-control', cache === 'public' ? 'public, max-age=3600' : 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .send(file.data);
}

/** The request body of a raw upload route (a parser for the file types stores it as a Buffer). */
export function rawBody(req: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(req.body)) {
    throw new Problem(415, 'request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
  }
  return req.body;
}

/** The kinds of file accepted as uploads, each with the signature its first bytes must carry. */
export const FILE_SIGNATURES: Readonly<Record<string, { ext: string; magic: (b: Buffer) => boolean }>> = {
  'application/pdf': { ext: 'pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx',
    magic: (b) => b.readUInt32BE(0) === 0x504b0304,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: 'xlsx',
    magic: (b) => b.readUInt32BE(0) === 0x504b0304,
  },
  'image/jpeg': { ext: 'jpg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/png': { ext: 'png', magic: (b) => b.readUInt32BE(0) === 0x89504e47 },
};
