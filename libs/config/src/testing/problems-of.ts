import { ConfigError, loadConfig } from '../config';

/** The problems loadConfig names for `env`; none when it is valid. */
export function problemsOf(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
