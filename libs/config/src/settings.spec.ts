import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingNames } from './config';

// The README's configuration table is what operators read: it must name every setting the
// table in settings.ts declares, and nothing else.
describe("the README's configuration table", () => {
  it('lists exactly the settings loadConfig reads', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const table = section.slice(0, section.indexOf('\n## '));
    const documented = [...table.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual(settingNames().sort());
  });
});
