import type { RegisteredRoute } from '../routes/route-registry';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page (no scripts, no CDN: the platform may run offline) listing the documented routes. */
export function renderDocsPage(routes: RegisteredRoute[]): string {
  const rows = routes
    .filter((route) => route.spec)
    .map(
      (route) =>
        `<tr><td><code>${route.method}</code></td><td><code>${escape(route.path)}</code></td>` +
        `<td>${route.spec?.auth}</td><td>${escape(route.spec?.summary ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trading platform API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body>
<h1>Trading platform API</h1>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1).
Signed-in routes need <code>Authorization: Bearer &lt;token&gt;</code> from <code>POST /auth/login</code>.</p>
<table><thead><tr><th>method</th><th>path</th><th>who</th><th>what</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>`;
}
