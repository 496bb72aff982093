import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways on a small screen (and down, when `tall`: a long list kept
 * to a box): focusable, so keyboards can scroll it.
 */
export const TableWrap = ({
  label,
  children,
  tall = false,
}: {
  label: string;
  children: ReactNode;
  tall?: boolean;
}) => (
  <div
    className={tall ? 'table-wrap table-tall' : 'table-wrap'}
    role="region"
    aria-label={label}
    tabIndex={0}
  >
    {children}
  </div>
);
