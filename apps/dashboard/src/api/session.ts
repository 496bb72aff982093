// The signed-in session, kept in localStorage so every tab shares it; a change in one tab
// (sign-in, sign-out) reaches the others through the storage event.
import { useSyncExternalStore } from 'react';

export interface Session {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; role: 'user' | 'admin' };
}

const KEY = 'platform.session';
const listeners = new Set<() => void>();
let cached: { raw: string | null; session: Session | null } = { raw: null, session: null };

function read(): Session | null {
  const raw = localStorage.getItem(KEY);
  if (raw === cached.raw) return cached.session;
  let session: Session | null = null;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : null;
    // anything but a whole session (an older format, a hand edit) counts as signed out
    session = parsed?.token && parsed.user?.role ? (parsed as Session) : null;
  } catch {
    session = null;
  }
  cached = { raw, session };
  return session;
}

const notify = () => listeners.forEach((listener) => listener());

export const sessionStore = {
  get: read,
  set(session: Session | null) {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
    notify();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    const onStorage = (event: StorageEvent) => event.key === KEY && listener();
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  },
};

export const useSession = () => useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
