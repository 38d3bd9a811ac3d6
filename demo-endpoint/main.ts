/*
 * The demo endpoint on its own port: `tsx demo-endpoint/main.ts [--port 8787] [--host 127.0.0.1]`
 * (or DEMO_PORT). End-to-end tests use it as an endpoint on another origin, the way a real one is.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createDemoEndpoint } from './handler.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = Number(values.port ?? process.env.DEMO_PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.DEMO_PORT ?? ''}`);
  process.exit(2);
}
const host = values.host;

const endpoint = createDemoEndpoint({ basePath: '' });
const server = createServer((req, res) => endpoint.handle(req, res));

server.on('error', (error) => {
  console.error(`Demo endpoint could not start: ${error.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`Demo endpoint listening on http://${host}:${actualPort}`);
});

function shutDown(signal: string): void {
  console.log(`Demo endpoint stopping (${signal}).`);
  // Open streams would keep `close` waiting for minutes.
  server.closeAllConnections();
  server.close(() => process.exit(0));
}

process.once('SIGINT', () => shutDown('SIGINT'));
process.once('SIGTERM', () => shutDown('SIGTERM'));
