// The dashboard's bundle as a browser first loads it: the scripts and styles index.html names
// (entry and module preloads) against every chunk built, gzipped as a server would send them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  initial_js_gz_kb: number;
  initial_css_gz_kb: number;
  total_js_gz_kb: number;
  chunks: { file: string; gz_kb: number }[];
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const gzSize = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

export function bundleSizes(dir: string): BundleSizes {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  const assets = readdirSync(join(dir, 'assets')).map((file) => `assets/${file}`);
  const sizeOf = (files: string[]) => files.reduce((sum, file) => sum + gzSize(join(dir, file)), 0);
  return {
    initial_js_gz_kb: kb(sizeOf(named.filter((f) => f.endsWith('.js')))),
    initial_css_gz_kb: kb(sizeOf(named.filter((f) => f.endsWith('.css')))),
    total_js_gz_kb: kb(sizeOf(assets.filter((f) => f.endsWith('.js')))),
    chunks: assets
      .filter((f) => f.endsWith('.js'))
      .map((file) => ({ file, gz_kb: kb(gzSize(join(dir, file))) }))
      .sort((a, b) => b.gz_kb - a.gz_kb),
  };
}
