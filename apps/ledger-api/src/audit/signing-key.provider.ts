import { generateKeyPairSync } from 'node:crypto';
import { Logger, type Provider } from '@nestjs/common';
import {
  loadOrCreateSigningKey,
  configuredSigningKey,
  type SigningKey,
  signingKeyFromPem,
} from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import { LEDGER_CONFIG } from '../store/store.tokens';
import { AUDIT_SIGNING_KEY } from './audit.tokens';

/**
 * The key checkpoints are signed with: LEDGER_SIGNING_KEY when configured; otherwise the key kept
 * beside the data (generated on first start). A memory ledger, gone when the process ends, gets a
 * key that is gone with it rather than a file in a data directory it never otherwise writes.
 */
export function signingKeyFor(config: LedgerConfig): SigningKey {
  const configured = config.audit.signingKey;
  if (configured === undefined && config.store === 'memory') {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    return signingKeyFromPem(pem, 'generated');
  }
  return loadOrCreateSigningKey(config.dataDir, configuredSigningKey(configured));
}

function describe(key: SigningKey, config: LedgerConfig): string {
  const where = {
    config: 'from LEDGER_SIGNING_KEY',
    file: `from ${config.dataDir}`,
    generated:
      config.store === 'memory'
        ? 'generated for this memory ledger'
        : `generated into ${config.dataDir}`,
  }[key.source];
  return `Checkpoints are signed with Ed25519 key ${key.keyId} (${where}); its public key is at GET /audit/public-key`;
}

export const signingKeyProvider: Provider = {
  provide: AUDIT_SIGNING_KEY,
  inject: [LEDGER_CONFIG],
  useFactory: (config: LedgerConfig): SigningKey => {
    const key = signingKeyFor(config);
    const logger = new Logger('Audit');
    logger.log(describe(key, config));
    if (config.store === 'esdb' && key.source !== 'config') {
      logger.warn(
        'On EventStoreDB, set LEDGER_SIGNING_KEY so that every API node and the projector sign and verify with one key',
      );
    }
    return key;
  },
};
