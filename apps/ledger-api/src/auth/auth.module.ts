import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { SlidingWindowStorage } from './sliding-window-storage';
import { ConfigError } from '@ledger/config';
import { AccessGuard } from './access.guard';
import type { AuthSettings } from './auth-settings';
import { KeysDocumentError } from './key-file';
import { KeyRing } from './key-ring';
import { RateLimitGuard } from './rate-limit.guard';
import { RouteTable } from './route-table';

function openKeyRing(settings: AuthSettings): KeyRing {
  try {
    return KeyRing.open(settings.keys, new Logger('ApiKeys'));
  } catch (error) {
    // A keys file that cannot be read is a configuration problem: the ledger stops and says why.
    if (error instanceof KeysDocumentError) throw new ConfigError(error.problems);
    throw error;
  }
}

/** The rate limit's storage, shared by the per-key guard and the per-address hook (refuseBeforeBody). */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/**
 * Authentication and roles (AccessGuard), then the per-key rate limit (RateLimitGuard): global
 * guards run in the order provided here, and the rate limit needs to know the key.
 */
@Module({})
export class AuthModule implements OnApplicationShutdown {
  constructor(@Inject(KeyRing) private readonly keys: KeyRing) {}

  static forRoot(settings: AuthSettings, routes: RouteTable): DynamicModule {
    // Constant cost per request; the package's default storage scans every hit in the window.
    const storage = new SlidingWindowStorage();
    return {
      module: AuthModule,
      // The key ring is asked by other modules too (event streams close when their key is revoked).
      global: true,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ limit: settings.rateLimit.limit, ttl: settings.rateLimit.windowMs }],
          storage,
        }),
      ],
      providers: [
        { provide: KeyRing, useFactory: () => openKeyRing(settings) },
        { provide: RouteTable, useValue: routes },
        { provide: RATE_LIMIT_STORAGE, useValue: storage },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
      exports: [KeyRing, RouteTable, RATE_LIMIT_STORAGE],
    };
  }

  onApplicationShutdown(): void {
    this.keys.close();
  }
}
