export * from './config';
export * from './audit-config';
