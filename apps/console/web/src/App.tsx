import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { useLiveStatus } from './api/live';
import { session } from './api/session';
import { href, useRoute } from './route';
import { CatalogScreen } from './screens/CatalogScreen';
import { DraftsScreen } from './screens/DraftsScreen';
import { ExceptionsScreen } from './screens/ExceptionsScreen';
import { ForecastScreen } from './screens/ForecastScreen';
import { MpsScreen } from './screens/MpsScreen';
import { MrpScreen } from './screens/MrpScreen';
import { ReportScreen } from './screens/ReportScreen';
import { SalesOrderScreen } from './screens/SalesOrderScreen';

const SCREENS = [
  { id: 'report', label: 'Replenishment report' },
  { id: 'drafts', label: 'Draft orders' },
  { id: 'forecast', label: 'Product forecast' },
  { id: 'mps', label: 'MPS' },
  { id: 'mrp', label: 'MRP' },
  { id: 'catalog', label: 'Catalog and rules' },
  { id: 'exceptions', label: 'Exceptions' },
] as const;

const LIVE_TEXT = {
  connecting: 'connecting to live updates…',
  live: 'live: screens update as events arrive',
  unavailable: 'no live updates (the console has no broker): screens refresh after your actions',
  offline: 'live updates interrupted: reconnecting…',
};

export function App() {
  const route = useRoute();
  const live = useLiveStatus();
  const needsSignIn = useSyncExternalStore(session.subscribe, session.needsSignIn);
  const screen = route.path[0] ?? 'report';
  return (
    <>
      <a className="skip" href="#main">Skip to the screen</a>
      <header>
        <h1>Replenish</h1>
        <nav aria-label="Screens">
          <ul>
            {SCREENS.map((s) => (
              <li key={s.id}>
                <a href={href([s.id])} aria-current={screen === s.id ? 'page' : undefined}>{s.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <p className={`live live-${live}`} aria-live="polite">{LIVE_TEXT[live]}</p>
        {session.token() && <button type="button" className="link" onClick={() => session.signOut()}>Sign out</button>}
      </header>
      {needsSignIn && <SignIn />}
      <main id="main" tabIndex={-1}>
        {screen === 'report' && <ReportScreen />}
        {screen === 'drafts' && <DraftsScreen draftOrderId={route.path[1]} params={route.params} />}
        {screen === 'forecast' && <ForecastScreen params={route.params} />}
        {screen === 'mps' && <MpsScreen params={route.params} />}
        {screen === 'mrp' && <MrpScreen />}
        {screen === 'catalog' && <CatalogScreen />}
        {screen === 'exceptions' && <ExceptionsScreen />}
        {screen === 'sales-orders' && route.path[1] && <SalesOrderScreen salesOrderId={route.path[1]} />}
      </main>
    </>
  );
}

/** The services require credentials (service-kit-005): a static API key or a JWT with the planner's roles. */
function SignIn() {
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    session.signIn(token);
    location.reload();
  };
  return (
    <section className="sign-in" aria-labelledby="sign-in-title" role="dialog" aria-modal="false">
      <h2 id="sign-in-title">Sign in</h2>
      <p>The services require credentials. Paste your API key or access token (a JWT); it is kept for this tab only.</p>
      <form onSubmit={submit}>
        <label htmlFor="token">API key or token</label>
        <input id="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
