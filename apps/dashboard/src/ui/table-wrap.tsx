import type { ReactNode } from 'react';

/** A table that may scroll sideways on a small screen: focusable, so keyboards can scroll it. */
export const TableWrap = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
    {children}
  </div>
);
