/** DI tokens for ports; modules depend on these, never on an adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
