// Whether the server answered the last request: a lost connection shows a banner that clears
// itself with the next answer (the queries keep retrying in the background).
import { useSyncExternalStore } from 'react';

let reachable = true;
const listeners = new Set<() => void>();

export const connection = {
  get: () => reachable,
  set(next: boolean) {
    if (next === reachable) return;
    reachable = next;
    listeners.forEach((listener) => listener());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useReachable = () => useSyncExternalStore(connection.subscribe, connection.get);
