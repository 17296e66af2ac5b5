import { useState } from 'preact/hooks';

/** Where the analyst enters the API key the ledger gave them; it goes out as a Bearer token. */
export function KeyField({
  apiKey,
  save,
}: {
  readonly apiKey: string | undefined;
  readonly save: (key: string | undefined) => void;
}) {
  const [draft, setDraft] = useState('');
  return (
    <form
      class="key-field"
      onSubmit={(e) => {
        e.preventDefault();
        save(draft);
        setDraft('');
      }}
    >
      <label for="api-key">API key</label>
      <input
        id="api-key"
        type="password"
        autocomplete="off"
        spellcheck={false}
        placeholder={apiKey ? 'a key is set' : 'none (open ledger)'}
        value={draft}
        onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit">Use key</button>
      {apiKey ? (
        <button type="button" onClick={() => save(undefined)}>
          Forget key
        </button>
      ) : null}
    </form>
  );
}
