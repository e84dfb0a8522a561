/**
 * Loads `.ts`, `.mts`, `.cts` and `.tsx` files through `require`, transpiled
 * by TypeScript's `transpileModule` (types are stripped, not checked).
 *
 * Why CommonJS: on Node 20 there is no type stripping, and the ESM loader can
 * only be extended by hooks that run on another thread and do not apply to
 * `require(esm)`. Running the entry's top-level code in a fiber needs a
 * synchronous load, so every TypeScript file is compiled to CommonJS, whatever
 * syntax it is written in; ES packages it imports load through `require(esm)`.
 * Consequences (documented in docs/runtime.md): no top-level `await` in
 * TypeScript files (use `wait()`), and `import.meta` is emulated
 * (`url`, `filename`, `dirname`, `resolve`).
 */
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type * as TS from 'typescript';
import { cachedTranspile } from './typescript-cache.js';

type Compile = (this: InternalModule, content: string, filename: string) => unknown;
interface InternalModule {
  _compile: Compile;
  filename: string;
}
interface InternalModuleStatic {
  _extensions: Record<string, (module: InternalModule, filename: string) => void>;
  _resolveFilename: (request: string, parent: InternalModule | undefined, ...rest: unknown[]) => string;
}

const internal = Module as unknown as InternalModuleStatic;
const TS_FILE = /\.(ts|mts|cts|tsx)$/;
/** `./x.js` in TypeScript source means `./x.ts` (NodeNext style). */
const JS_TO_TS: Array<[RegExp, string[]]> = [
  [/\.js$/, ['.ts', '.tsx']],
  [/\.mjs$/, ['.mts']],
  [/\.cjs$/, ['.cts']],
];
const IMPORT_META = '__balrogImportMeta';
const IMPORT_META_PRELUDE =
  `var ${IMPORT_META} = { url: require("node:url").pathToFileURL(__filename).href, ` +
  `filename: __filename, dirname: __dirname, ` +
  `resolve: (s) => require("node:url").pathToFileURL(require.resolve(s)).href };`;

let ts: typeof TS | undefined;
let installed = false;

function typescript(): typeof TS {
  // Loaded on the first .ts file only: it takes a few hundred milliseconds.
  ts ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return ts;
}

/** Replaces `import.meta` by a CommonJS stand-in, and says whether it did. */
function importMetaTransformer(used: { value: boolean }): TS.TransformerFactory<TS.SourceFile> {
  const t = typescript();
  return (context) => (sourceFile) => {
    const visit = (node: TS.Node): TS.Node => {
      if (t.isMetaProperty(node) && node.keywordToken === t.SyntaxKind.ImportKeyword) {
        used.value = true;
        return context.factory.createIdentifier(IMPORT_META);
      }
      return t.visitEachChild(node, visit, context);
    };
    return t.visitNode(sourceFile, visit) as TS.SourceFile;
  };
}

/** Transpiles one TypeScript file to CommonJS with an inline source map. */
export function transpileTypeScript(source: string, filename: string): string {
  const t = typescript();
  const used = { value: false };
  // A `.cts` name makes NodeNext emit CommonJS while keeping `import()` a real dynamic import.
  const asCjs = filename.replace(TS_FILE, filename.endsWith('.tsx') ? '.tsx' : '.cts');
  const result = t.transpileModule(source, {
    fileName: asCjs,
    compilerOptions: {
      module: filename.endsWith('.tsx') ? t.ModuleKind.CommonJS : t.ModuleKind.NodeNext,
      moduleResolution: t.ModuleResolutionKind.NodeNext,
      target: t.ScriptTarget.ES2022,
      esModuleInterop: true,
      jsx: t.JsxEmit.ReactJSX,
      sourceMap: true,
      inlineSources: true,
      experimentalDecorators: true,
    },
    transformers: { before: [importMetaTransformer(used)] },
  });
  // The map must name the real file (not the .cts alias) for stack traces to point at it.
  const map = JSON.parse(result.sourceMapText ?? '{}') as { sources?: string[]; file?: string };
  map.sources = [filename];
  map.file = filename;
  const code = result.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '');
  const inline = Buffer.from(JSON.stringify(map)).toString('base64');
  // The prelude goes on line 1 without a newline, so the source map's lines stay right.
  const prelude = used.value ? IMPORT_META_PRELUDE : '';
  return `${prelude}${code}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`;
}

function loadTypeScript(module: InternalModule, filename: string): void {
  const source = readFileSync(filename, 'utf8');
  module._compile(
    cachedTranspile(source, filename, () => transpileTypeScript(source, filename)),
    filename,
  );
}

/** Makes `require` load TypeScript files, and `./x.js` find `./x.ts`. Idempotent. */
export function enableTypeScript(): void {
  if (installed) return;
  installed = true;
  for (const ext of ['.ts', '.mts', '.cts', '.tsx']) internal._extensions[ext] = loadTypeScript;
  process.setSourceMapsEnabled(true);
  const resolveFilename = internal._resolveFilename;
  internal._resolveFilename = function (request, parent, ...rest) {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      const fromTs = parent !== undefined && TS_FILE.test(parent.filename ?? '');
      if (!fromTs || !(request.startsWith('.') || request.startsWith('/'))) throw error;
      for (const [js, exts] of JS_TO_TS) {
        if (!js.test(request)) continue;
        for (const ext of exts) {
          try {
            return resolveFilename.call(this, request.replace(js, ext), parent, ...rest);
          } catch {
            // try the next extension; the original error is the one to report
          }
        }
      }
      throw error;
    }
  };
}
