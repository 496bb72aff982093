/** Where the gateway serves the web dashboard (apps/dashboard's build). */
export const DASHBOARD_PATH = '/app';

/** Vite's output folder for hashed file names: their content never changes under one name. */
const ASSETS_FOLDER = 'assets';

/** What a request under /app asks for, decided from its URL alone (no file system). */
export type DashboardTarget =
  | { kind: 'redirect'; location: string }
  | { kind: 'index' }
  /** `fallback`: a client-side route when no such file exists (no extension, not an asset). */
  | { kind: 'file'; relativePath: string; immutable: boolean; fallback: boolean }
  | { kind: 'missing' };

/** `/`, `/app` and everything under `/app/`: the pages, not the API (no rate limit, no docs). */
export const isDashboardPath = (path: string) =>
  path === '/' || path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);

/**
 * A decoded path segment that may name a file: never `.` or `..`, no dotfile, nothing that
 * would make a second segment (an encoded slash or backslash) and no control characters.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const SAFE_SEGMENT = /^[^./\\\u0000-\u001f\u007f][^/\\\u0000-\u001f\u007f]*$/;

function decodeSegment(segment: string): string | null {
  try {
    const decoded = decodeURIComponent(segment);
    return SAFE_SEGMENT.test(decoded) ? decoded : null;
  } catch {
    return null; // malformed percent-encoding
  }
}

/**
 * `url` is the request's URL as received (path and query, not decoded); the router matched
 * `/app` case-insensitively, so its first four characters are skipped rather than compared.
 */
export function dashboardTarget(url: string): DashboardTarget {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const rest = path.slice(DASHBOARD_PATH.length);
  if (rest === '')
    return { kind: 'redirect', location: `${DASHBOARD_PATH}/${url.slice(path.length)}` };
  if (rest === '/') return { kind: 'index' };
  const raw = rest.slice(1).split('/');
  // A trailing slash names a client-side route, never a directory (no listing).
  const route = raw[raw.length - 1] === '';
  const segments = (route ? raw.slice(0, -1) : raw).map(decodeSegment);
  if (segments.some((segment) => segment === null)) return { kind: 'missing' };
  const asset = segments[0] === ASSETS_FOLDER;
  if (route) return asset ? { kind: 'missing' } : { kind: 'index' };
  const name = segments[segments.length - 1] as string;
  return {
    kind: 'file',
    relativePath: segments.join('/'),
    immutable: asset,
    fallback: !asset && !name.includes('.'),
  };
}
