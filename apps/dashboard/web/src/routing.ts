import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from './route';

/** The place the URL's fragment names, following the reader's clicks and the back button. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = (): void => {
      setRoute(parseRoute(location.hash));
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
