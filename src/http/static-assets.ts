import path from 'node:path';
import { static as serveStatic, type RequestHandler } from 'express';
import { resolveTemplatesDir } from '../rendering/templates-dir';

/** Images that emails show (prompt illustrations), served at PUBLIC_URL/static/. */
export const STATIC_PATH = '/static';

/**
 * templates/static: beside the MJML that uses it, so the image ships wherever the templates do.
 * Webmail shows these from its own origin, so they are marked cross-origin (helmet's default
 * same-origin policy would blank them); no directory listing, no dotfiles.
 */
export function staticAssets(): RequestHandler {
  return serveStatic(path.join(resolveTemplatesDir(), 'static'), {
    index: false,
    dotfiles: 'ignore',
    redirect: false,
    maxAge: '1d',
    setHeaders: (res) => res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin'),
  });
}
