/**
 * The app shell: header navigation and the page for the current hash route. Pages are loaded lazily
 * so the first paint only ships the shell and the page being opened.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { useRoute, href } from './router.js';
import { Loading } from './components/ui.js';

const PredictPage = lazy(() => import('./pages/Predict.js').then((m) => ({ default: m.PredictPage })));
const DataPage = lazy(() => import('./pages/Data.js').then((m) => ({ default: m.DataPage })));
const ExperimentsPage = lazy(() => import('./pages/Experiments.js').then((m) => ({ default: m.ExperimentsPage })));
const PipelinesPage = lazy(() => import('./pages/Pipelines.js').then((m) => ({ default: m.PipelinesPage })));
const ModelsPage = lazy(() => import('./pages/Models.js').then((m) => ({ default: m.ModelsPage })));
const OptimisePage = lazy(() => import('./pages/Optimise.js').then((m) => ({ default: m.OptimisePage })));

interface NavItem {
  readonly id: string;
  readonly label: string;
  readonly render: (path: readonly string[], query: URLSearchParams) => ReactNode;
}

export const NAV: readonly NavItem[] = [
  { id: 'predict', label: 'Predict', render: () => <PredictPage /> },
  { id: 'data', label: 'Data', render: () => <DataPage /> },
  { id: 'experiments', label: 'Experiments', render: (path, query) => <ExperimentsPage path={path} query={query} /> },
  { id: 'pipelines', label: 'Pipelines', render: (path) => <PipelinesPage path={path} /> },
  { id: 'models', label: 'Models', render: () => <ModelsPage /> },
  { id: 'optimise', label: 'Optimise', render: () => <OptimisePage /> },
];

export function App() {
  const { path, query } = useRoute();
  const current = NAV.find((n) => n.id === path[0]) ?? NAV[0];
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href(NAV[0].id)}>
          <span className="logo" aria-hidden="true" />
          convopt
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.id}>
                <a href={href(n.id)} aria-current={n.id === current.id ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{current.render(path.slice(1), query)}</Suspense>
      </main>
    </>
  );
}
