// A cursor travels as base64url text (no padding), written and read the way Node's Buffer
// does it, with the globals browsers and Node share (btoa, atob, TextEncoder, TextDecoder).

export function toBase64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text inside; '' for anything that is not base64url of at most `maxLength` characters. */
export function fromBase64Url(cursor: string, maxLength = 200): string {
  if (cursor.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) return '';
  // One character past a whole group holds less than a byte: Buffer drops it, atob would throw.
  const whole = cursor.length % 4 === 1 ? cursor.slice(0, -1) : cursor;
  const binary = atob(whole.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}
