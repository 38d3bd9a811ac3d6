/*
 * The demo endpoint on its own port: `tsx demo-endpoint/main.ts [--port 8787] [--host 127.0.0.1]`
 * (or DEMO_PORT). End-to-end tests use it as an endpoint on another origin, the way a real one is.
 * With `--tls-key key.pem --tls-cert cert.pem` it serves HTTPS with HTTP/2 (and HTTP/1.1 for clients that
 * ask for it): a browser opens at most 6 connections to one HTTP/1.1 origin, so more requests at once
 * than that (a batch run at concurrency 8) reach an endpoint only over HTTP/2, as they do a real deployment.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer } from 'node:http2';
import { parseArgs } from 'node:util';
import { createDemoEndpoint } from './handler.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'tls-key': { type: 'string' },
    'tls-cert': { type: 'string' },
  },
});

const port = Number(values.port ?? process.env.DEMO_PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.DEMO_PORT ?? ''}`);
  process.exit(2);
}
const host = values.host;
const tls = values['tls-key'] !== undefined || values['tls-cert'] !== undefined;
if (tls && (values['tls-key'] === undefined || values['tls-cert'] === undefined)) {
  console.error('--tls-key and --tls-cert go together.');
  process.exit(2);
}

// HTTP/2's default receive windows (64 KB per request and per connection) let a client send only part of a
// 130 KB photo, then wait for this process to say it read it; 8 uploads at once took turns through its event loop.
const STREAM_WINDOW = 1024 * 1024;
const CONNECTION_WINDOW = 16 * 1024 * 1024;

const endpoint = createDemoEndpoint({ basePath: '' });
const server = tls
  ? // Node's HTTP/2 compatibility request and response carry what the handler uses of the HTTP/1 ones.
    createSecureServer(
      {
        key: readFileSync(values['tls-key']!),
        cert: readFileSync(values['tls-cert']!),
        allowHTTP1: true,
        settings: { initialWindowSize: STREAM_WINDOW },
      },
      (req, res) => endpoint.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse),
    ).on('session', (session) => session.setLocalWindowSize(CONNECTION_WINDOW))
  : createServer((req, res) => endpoint.handle(req, res));

server.on('error', (error) => {
  console.error(`Demo endpoint could not start: ${error.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`Demo endpoint listening on ${tls ? 'https' : 'http'}://${host}:${actualPort}`);
});

function shutDown(signal: string): void {
  console.log(`Demo endpoint stopping (${signal}).`);
  // Open streams would keep `close` waiting for minutes.
  if ('closeAllConnections' in server) server.closeAllConnections();
  server.close(() => process.exit(0));
  // An HTTP/2 session with an open stream would hold `close` the same way.
  setTimeout(() => process.exit(0), 1000).unref();
}

process.once('SIGINT', () => shutDown('SIGINT'));
process.once('SIGTERM', () => shutDown('SIGTERM'));
