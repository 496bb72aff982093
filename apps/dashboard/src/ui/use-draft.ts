// A form's input kept in sessionStorage while it is typed, so an ended session (sign-in and
// back) or a reload does not lose it. Cleared once the form is sent successfully.
import { useCallback, useEffect, useState } from 'react';

const PREFIX = 'platform.draft.';

export function useDraft<T extends object>(key: string, initial: T) {
  const storageKey = PREFIX + key;
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storageKey);
      return saved ? { ...initial, ...(JSON.parse(saved) as Partial<T>) } : initial;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(value));
  }, [storageKey, value]);
  const clear = useCallback(() => sessionStorage.removeItem(storageKey), [storageKey]);
  return [value, setValue, clear] as const;
}
