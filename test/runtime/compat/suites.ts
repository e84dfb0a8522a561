/**
 * The frameworks' own test suites that `npm run compat` runs under plain node
 * and under balrog, at the installed versions.
 *
 * - Fastify 5: its npm tarball ships its test/ folder, so the files come from
 *   `npm pack fastify@<installed version>` at run time; the subset below
 *   covers hooks, async handlers, errors, streams, inject(), ALS/async
 *   context, body parsers and close.
 * - Express 5 and Koa 3: their tarballs ship no tests (and the registry has no
 *   other copy), so a stated subset of their repositories' test files is
 *   ported into express/ and koa/ here (MIT; each file names its source; the
 *   only change is that the package under test is the installed one).
 */

/** Fastify's test files (test/<name>), by area. */
export const fastifyFiles = {
  hooks: ['hooks.test.js', 'hooks-async.test.js', 'hooks.on-ready.test.js', 'hooks.on-listen.test.js', 'route-hooks.test.js'],
  async: [
    'async-await.test.js',
    'promises.test.js',
    'wrap-thenable.test.js',
    'sync-routes.test.js',
    'handler-context.test.js',
    'skip-reply-send.test.js',
  ],
  errors: [
    '404s.test.js',
    '500s.test.js',
    'throw.test.js',
    'reply-error.test.js',
    'set-error-handler.test.js',
    'encapsulated-error-handler.test.js',
    'options.error-handler.test.js',
    'request-error.test.js',
  ],
  streams: ['stream.1.test.js', 'stream.2.test.js', 'stream.3.test.js', 'stream.5.test.js', 'stream-serializers.test.js'],
  inject: ['inject.test.js'],
  asyncContext: ['als.test.js', 'async_hooks.test.js', 'content-type-parser-async-context.test.js'],
  parsers: [
    'content-parser.test.js',
    'custom-parser.0.test.js',
    'custom-parser.1.test.js',
    'custom-parser.2.test.js',
    'custom-parser.3.test.js',
    'custom-parser.4.test.js',
    'custom-parser.5.test.js',
    'custom-parser-async.test.js',
    'body-limit.test.js',
    'post-empty-body.test.js',
    'content-type.test.js',
  ],
  close: ['close.test.js', 'close-pipelining.test.js', 'close-disposable.test.js'],
  routes: ['decorator.test.js', 'route.1.test.js', 'reply-code.test.js'],
};

/** Express's test files ported from expressjs/express (test/<name>), run with mocha as upstream does. */
export const expressFiles = [
  'app.router.js',
  'Router.js',
  'Route.js',
  'app.route.js',
  'app.use.js',
  'app.param.js',
  'app.all.js',
  'app.head.js',
  'app.options.js',
  'app.routes.error.js',
  'middleware.basic.js',
  'regression.js',
  'express.json.js',
  'express.urlencoded.js',
  'res.send.js',
  'res.json.js',
  'res.status.js',
  'res.redirect.js',
  'res.format.js',
  'req.query.js',
  'app.listen.js',
];

/** Koa's test files ported from koajs/koa (__tests__/<name>.test.js), run with node:test as upstream does. */
export const koaFiles = [
  'application/compose',
  'application/context',
  'application/currentContext',
  'application/index',
  'application/onerror',
  'application/request',
  'application/respond',
  'application/response',
  'application/use',
  'context/onerror',
  'context/state',
  'context/cookies',
  'context/throw',
  'response/body',
  'response/flushHeaders',
  'response/writable',
  'response/redirect',
  'response/status',
  'request/href',
];
