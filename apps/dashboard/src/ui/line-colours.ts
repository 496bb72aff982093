/** The colours of lines, in order (a comparison's runs keep theirs in its table and chart). */
export const LINE_COLOURS = ['#1f5fbf', '#c2410c', '#136c2e', '#7e22ce', '#a16207', '#0e7490'];
