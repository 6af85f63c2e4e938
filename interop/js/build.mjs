// Bundles the browser page (page/entry.mjs + livekit-client ESM) and the E2EE worker with esbuild,
// in memory. Used by peer.mjs at start-up; `node js/build.mjs [OUTDIR]` writes the files to disk
// for inspection.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>livekit data-track interop peer</title></head>
<body><script type="module" src="./page.js"></script></body></html>
`;

/** @returns {Promise<Map<string, {type: string, body: Buffer}>>} url path → file */
export async function buildPage() {
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: join(here, '..'),
  };
  const [page, worker] = await Promise.all([
    build({ ...common, entryPoints: [join(here, 'page', 'entry.mjs')], outfile: 'page.js' }),
    build({ ...common, entryPoints: [join(here, 'page', 'e2ee-worker.mjs')], outfile: 'e2ee-worker.js' }),
  ]);
  const files = new Map();
  files.set('/', { type: 'text/html; charset=utf-8', body: Buffer.from(INDEX_HTML) });
  files.set('/page.js', { type: 'text/javascript', body: Buffer.from(page.outputFiles[0].contents) });
  files.set('/e2ee-worker.js', { type: 'text/javascript', body: Buffer.from(worker.outputFiles[0].contents) });
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(here, 'dist');
  mkdirSync(out, { recursive: true });
  for (const [p, f] of await buildPage()) {
    writeFileSync(join(out, p === '/' ? 'index.html' : p.slice(1)), f.body);
  }
  console.error(`wrote page to ${out}`);
}
