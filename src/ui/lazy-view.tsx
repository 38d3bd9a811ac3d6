// A view whose code loads on its first showing. Not React.lazy with Suspense: React holds back revealing a
// Suspense boundary for up to 300 ms after its fallback appeared, and React.lazy keeps a failed load for
// good, so Try again could never load the view once the network is back.
import { useEffect, useState, type ComponentType } from 'react';

/** `Loading` shows while the code is on its way (nothing by default). */
export function lazyView<P extends object>(importer: () => Promise<ComponentType<P>>, Loading?: ComponentType) {
  let screen: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  /** Also called when the pointer or focus reaches the screen's link, so the code is usually there by the click. */
  const load = (): Promise<ComponentType<P>> => {
    pending ??= importer().then((s) => (screen = s));
    pending.catch(() => (pending = null));
    return pending;
  };
  /** A view whose code does not arrive throws while rendering: the route's own panel says so, with Retry. */
  function View(props: P) {
    const [Screen, setScreen] = useState<ComponentType<P> | null>(() => screen);
    const [error, setError] = useState<{ thrown: unknown } | null>(null);
    useEffect(() => {
      if (Screen) return;
      load().then(
        (s) => setScreen(() => s),
        (thrown: unknown) => setError({ thrown }),
      );
    }, [Screen]);
    if (error) throw error.thrown;
    if (Screen) return <Screen {...props} />;
    return Loading ? <Loading /> : null;
  }
  return { load, View };
}
