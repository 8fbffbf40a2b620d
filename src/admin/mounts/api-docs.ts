import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import express, { type Router } from 'express';

const UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const INDEX = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MentorMail admin API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;
// validatorUrl: null, or swagger-ui fetches a badge from validator.swagger.io (another origin).
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#ui', validatorUrl: null });`;

/**
 * OpenAPI for the admin API, served at /api/docs. The document is built from Nest's module
 * container the way SwaggerModule.createDocument does for an app, so the admin module can serve
 * it itself instead of needing a line in bootstrap (which the whole service shares).
 */
@Injectable()
export class ApiDocs {
  private document?: OpenAPIObject;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly appConfig: ApplicationConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  build(include: unknown[]): OpenAPIObject {
    const config = new DocumentBuilder()
      .setTitle('MentorMail admin API')
      .setDescription('Programmes, pairings, threads, inbound mail and deliveries, for programme staff.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Staff API token (Account page)' })
      .addCookieAuth('mm_session')
      .build();
    const appLike = {
      container: { getModules: () => this.modules, isGlobalModule: () => false },
      config: this.appConfig,
      getHttpAdapter: () => this.adapterHost.httpAdapter,
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return SwaggerModule.createDocument(appLike as any, config, { include: include as any[] });
  }

  router(include: unknown[]): Router {
    const router = express.Router();
    router.get('/', (_req, res) => {
      res.type('html').send(INDEX);
    });
    router.get('/init.js', (_req, res) => {
      res.type('application/javascript').send(INIT);
    });
    router.get('/openapi.json', (_req, res) => {
      this.document ??= this.build(include);
      res.json(this.document);
    });
    router.use('/assets', express.static(UI_DIR, { index: false }));
    return router;
  }
}
