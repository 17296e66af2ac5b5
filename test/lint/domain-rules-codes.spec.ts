import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_ERROR_KINDS } from '@ledger/domain';

/** docs/DOMAIN-RULES.md is the one page of rules: every code the domain refuses with is on it. */
describe('docs/DOMAIN-RULES.md', () => {
  const page = readFileSync(join(__dirname, '../../docs/DOMAIN-RULES.md'), 'utf8');

  it('names every domain error code', () => {
    const missing = Object.keys(DOMAIN_ERROR_KINDS).filter((code) => !page.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
