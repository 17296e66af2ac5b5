export * from './config';
export * from './audit-config';
export { SETTINGS, OTHER_VARIABLES } from './settings';
export type { Setting } from './setting';
