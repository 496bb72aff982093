export * from './launch-browser';
export * from './open-page';
export * from './run-axe';
export * from './screenshot';
