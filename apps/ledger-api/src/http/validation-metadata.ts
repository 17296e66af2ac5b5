import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Metadatas = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

let compiled = false;

/**
 * class-validator works out, on every validate() of every object and nested object, which
 * decorators apply to its class: a filter of the class's own and a scan of every registered class
 * for the ones it inherits from, then a grouping by property. The request DTOs are fixed once
 * their modules are loaded, so this keeps both answers per class (and options) and drops them
 * whenever a decorator or schema is registered. The cached lists are frozen: class-validator only
 * reads them, and a change would throw rather than leak into the next request.
 */
export function compileValidationMetadata(): void {
  if (compiled) return;
  compiled = true;
  const storage = getMetadataStorage();
  const targetsOf = storage.getTargetValidationMetadatas.bind(storage);
  const groupOf = storage.groupByPropertyName.bind(storage);
  let byTarget = new Map<unknown, Map<string, Metadatas>>();
  let byList = new WeakMap<Metadatas, Grouped>();
  const forget = <A extends unknown[]>(add: (...args: A) => void) => {
    return (...args: A): void => {
      byTarget = new Map();
      byList = new WeakMap();
      add(...args);
    };
  };
  storage.addValidationMetadata = forget(storage.addValidationMetadata.bind(storage));
  storage.addValidationSchema = forget(storage.addValidationSchema.bind(storage));
  storage.addConstraintMetadata = forget(storage.addConstraintMetadata.bind(storage));
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${groups?.join('\u0000') ?? ''}`;
    const ofTarget = byTarget.get(target) ?? new Map<string, Metadatas>();
    byTarget.set(target, ofTarget);
    let found = ofTarget.get(key);
    if (found === undefined) {
      found = Object.freeze(targetsOf(target, schema, always, strictGroups, groups)) as Metadatas;
      ofTarget.set(key, found);
    }
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let found = byList.get(metadatas);
    if (found === undefined) {
      const grouped = groupOf(metadatas);
      for (const list of Object.values(grouped)) Object.freeze(list);
      found = Object.freeze(grouped);
      byList.set(metadatas, found);
    }
    return found;
  };
}
