export { Public, Roles, type Access } from './access.decorator';
export { ROLES, grants, type Role } from './roles';
export { requesterOf, type Requester } from './requester';
export {
  loadAuthSettings,
  type AuthOptions,
  type AuthSettings,
  DEFAULT_RATE_LIMIT,
} from './auth-settings';
export { AuthModule, RATE_LIMIT_STORAGE } from './auth.module';
export { refuseBeforeBody } from './before-body';
export { KeyRing } from './key-ring';
export { RouteTable, type RouteEntry } from './route-table';
export { applyHttpSecurity } from './http-security';
export { newApiKey, type ApiKeyRecord } from './api-key';
export { createApiKey } from './create-api-key';
export { KEYS_FILE, ADMIN_KEY_FILE } from './key-file';
