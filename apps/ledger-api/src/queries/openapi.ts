import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { gzipSync } from 'node:zlib';
import { acceptsGzip } from '../http/accepts-gzip';
import { completeDocument } from '../schemas/openapi-document';

/** The Swagger UI files served under /docs, from swagger-ui-dist (a dependency of @nestjs/swagger). */
const UI_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const UI_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Negotiation-outcomes ledger: API</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/swagger-init.js"></script></body>
</html>
`;

const UI_INIT = `window.onload = function () { window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui' }); };\n`;

/**
 * The OpenAPI document at /docs-json (and /docs-yaml) and Swagger UI at /docs. The UI's few
 * files are served by plain routes rather than @nestjs/swagger's static serving, which on Fastify
 * needs @fastify/static (an ES-module dependency chain the CommonJS test runner cannot load).
 */
export function setupApiDocs(app: NestFastifyApplication, publicBaseUrl?: string): void {
  const config = new DocumentBuilder()
    .setTitle('Negotiation-outcomes ledger')
    .setDescription(
      'Every figure is a claim by someone. Commands (POST) append events and answer with the global position they wrote; queries (GET) read the read models, each answerable as of any global position (asOfPosition) or recording time (asOf), ' +
        'with minPosition to read your own writes. Errors are RFC 9457 problem+json.',
    )
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup(
    'docs',
    app,
    () => completeDocument(SwaggerModule.createDocument(app, config), publicBaseUrl),
    {
      ui: false,
      raw: ['json', 'yaml'],
      jsonDocumentUrl: 'docs-json',
      yamlDocumentUrl: 'docs-yaml',
    },
  );
  const http = app.getHttpAdapter();
  const send =
    (type: string, body: () => string | Buffer) => (_request: unknown, reply: FastifyReply) =>
      void reply.header('content-type', type).send(body());
  http.get(
    '/docs',
    send('text/html; charset=utf-8', () => UI_PAGE),
  );
  http.get(
    '/docs/swagger-init.js',
    send('application/javascript; charset=utf-8', () => UI_INIT),
  );
  for (const [file, type] of Object.entries(UI_ASSETS))
    http.get(`/docs/${file}`, (request: FastifyRequest, reply: FastifyReply) => {
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      void reply.header('content-type', type).header('vary', 'accept-encoding');
      if (gzip) void reply.header('content-encoding', 'gzip');
      void reply.send(gzip ? gzippedUiAsset(file) : uiAsset(file));
    });
}

const assets = new Map<string, Buffer>();
const gzipped = new Map<string, Buffer>();

/** Compressed once, on first request, like the file itself. */
function gzippedUiAsset(file: string): Buffer {
  let content = gzipped.get(file);
  if (content === undefined) {
    content = gzipSync(uiAsset(file));
    gzipped.set(file, content);
  }
  return content;
}

/** Read once, on first request: the bundle is large and most processes never serve it. */
function uiAsset(file: string): Buffer {
  let content = assets.get(file);
  if (content === undefined) {
    content = readFileSync(join(dirname(require.resolve('swagger-ui-dist/package.json')), file));
    assets.set(file, content);
  }
  return content;
}
