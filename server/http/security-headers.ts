/** Security headers on every answer: a strict CSP (no inline script), nosniff, referrer policy, framing, HSTS over TLS. */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  // The teacher console previews the tablet view in a same-origin frame; nobody else may frame us.
  "frame-ancestors 'self'",
].join('; ');

/**
 * The console's reader of returned paper sheets compiles WebAssembly (zxing-wasm, and pdf.js's
 * image decoders) in its workers: their scripts, and only theirs, may — 'wasm-unsafe-eval'
 * allows compiling wasm, not eval() of JavaScript. A worker's CSP is its own script's answer.
 */
export const WASM_WORKER_CSP = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
const WASM_WORKERS = /^\/assets\/(scan\.worker|pdf\.worker\.min)-[\w-]+\.m?js$/;

/** A year, subdomains left alone (a school's other hosts may not all speak TLS). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * Sets the security headers of an answer to `req`. HSTS only when the request came over TLS
 * (our own TLS, or a trusted proxy's X-Forwarded-Proto: https — see TRUST_PROXY): over
 * plain HTTP it would be ignored, and on localhost it would pin a developer's browser.
 */
export function applySecurityHeaders(req: FastifyRequest, set: (name: string, value: string) => void) {
  set('Content-Security-Policy', WASM_WORKERS.test(req.url.split('?')[0]!) ? WASM_WORKER_CSP : CONTENT_SECURITY_POLICY);
  set('X-Content-Type-Options', 'nosniff');
  set('Referrer-Policy', 'no-referrer');
  set('X-Frame-Options', 'SAMEORIGIN');
  set('Cross-Origin-Opener-Policy', 'same-origin');
  set('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=()');
  if (req.protocol === 'https') set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
}

export function installSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    applySecurityHeaders(req, (name, value) => reply.header(name, value));
    return payload;
  });
}
