import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth';
import { sendProblem } from '../http/problem-details.filter';
import { problem } from '../http/problem';
import { RouteDocs, TEXT } from '../schemas/route-docs';
import { type DashboardAsset, DashboardAssets } from './dashboard-assets';
import { acceptsGzip } from '../http/accepts-gzip';

/**
 * The page may talk to this origin only, run only its own bundle, and never be framed. Chart.js
 * and Preact style elements through the CSSOM, which 'self' allows; no inline code is needed.
 */
const PAGE_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built dashboard at `/`, its icon, and its hashed bundles under `/assets/`. Only
 * these exact routes: the API's routes keep their paths, and any other path still gets the API's
 * 404 problem. The dashboard routes by the URL's fragment (#/claims/…), so it needs no
 * catch-all on the server. Public: the page and its bundles hold no ledger data; the page asks
 * for an API key and sends it with every read.
 */
@Controller()
export class DashboardController {
  constructor(@Inject(DashboardAssets) private readonly assets: DashboardAssets) {}

  @Get()
  @Public()
  @RouteDocs(
    'The dashboard (a page that asks for an API key)',
    { description: 'The page.', type: 'text/html', schema: TEXT },
    { 404: 'The dashboard has not been built (`dashboard_not_built`).' },
  )
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!this.assets.built) {
      sendProblem(
        reply,
        request,
        problem(404, {
          code: 'dashboard_not_built',
          detail:
            'The dashboard has not been built: run `npm run build` (npm start does it), or set LEDGER_DASHBOARD_DIR.',
        }),
      );
      return;
    }
    this.send(request, reply, 'index.html');
  }

  @Get('favicon.svg')
  @Public()
  @RouteDocs(
    "The dashboard's icon",
    { description: 'The icon.', type: 'image/svg+xml', schema: TEXT },
    { 404: 'The dashboard has not been built.' },
  )
  icon(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send(request, reply, 'favicon.svg');
  }

  @Get('assets/:file')
  @Public()
  @RouteDocs(
    "One of the dashboard's bundles (hashed names: cached for good)",
    {
      description: 'The file (JavaScript or CSS), gzipped when accepted.',
      type: '*/*',
      schema: TEXT,
    },
    { 404: 'No such file.' },
  )
  asset(
    @Param('file') file: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    this.send(request, reply, `assets/${file}`);
  }

  private send(request: FastifyRequest, reply: FastifyReply, path: string): void {
    const asset = this.assets.get(path);
    if (asset === undefined) {
      sendProblem(reply, request, problem(404, { detail: `No dashboard file at ${request.url}` }));
      return;
    }
    void reply.headers(headersFor(path, asset));
    if (request.headers['if-none-match'] === asset.etag) {
      void reply.status(304).send();
      return;
    }
    const gzip = asset.gzip !== undefined && acceptsGzip(request.headers['accept-encoding']);
    if (gzip) void reply.header('content-encoding', 'gzip');
    void reply.status(200).send(gzip ? asset.gzip : asset.body);
  }
}

function headersFor(path: string, asset: DashboardAsset): Record<string, string> {
  return {
    'content-type': asset.contentType,
    'cache-control': asset.cacheControl,
    etag: asset.etag,
    'x-content-type-options': 'nosniff',
    ...(asset.gzip !== undefined ? { vary: 'accept-encoding' } : {}),
    ...(path === 'index.html'
      ? { 'content-security-policy': PAGE_SECURITY_POLICY, 'referrer-policy': 'no-referrer' }
      : {}),
  };
}
