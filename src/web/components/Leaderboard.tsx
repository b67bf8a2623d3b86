/**
 * A training run's leaderboard, as `convopt train` prints it: one row per model family with its
 * feature set, cross-validated and holdout scores and fit time, read from the run's
 * `evaluate.leaderboard` artifact. Picking a family's name shows its evaluation charts.
 */
import type { Leaderboard, LeaderboardRow } from '../api/types.js';
import { byNumber, DataTable, fmt } from './ui.js';

/** What the table reads of a leaderboard (the artifact's type, from the server code). */
export type LeaderboardView = Pick<Leaderboard, 'description' | 'rows'>;

export function LeaderboardTable({ board, best, onPick }: { board: LeaderboardView; best?: string; onPick?: (name: string) => void }) {
  return (
    <>
      <p className="note">Evaluation: {board.description}. Ranked by mean CV R²; the best family is the one the gate judges and the run registers.</p>
      <DataTable
        rows={board.rows}
        caption="Model families, best first"
        rowKey={(r) => r.name}
        initialSort={{ key: 'rank', dir: 1 }}
        columns={[
          { key: 'rank', label: '#', numeric: true, render: (r) => r.rank, sort: byNumber((r: LeaderboardRow) => r.rank) },
          {
            key: 'name',
            label: 'Model',
            render: (r) => (
              <>
                {onPick ? (
                  <button type="button" className="link" onClick={() => onPick(r.name)} title={`Show ${r.name}'s holdout charts`}>
                    {r.name}
                  </button>
                ) : (
                  r.name
                )}
                {r.name === best ? <span className="badge ok best">best</span> : null}
              </>
            ),
          },
          { key: 'features', label: 'Features', render: (r) => r.featureSet ?? '–' },
          { key: 'cv', label: 'CV R² (mean ± std)', numeric: true, render: (r) => `${fmt(r.cvR2Mean, 4)} ± ${fmt(r.cvR2Std, 4)}`, sort: byNumber((r: LeaderboardRow) => r.cvR2Mean) },
          { key: 'r2', label: 'Holdout R²', numeric: true, render: (r) => fmt(r.holdoutR2, 4), sort: byNumber((r: LeaderboardRow) => r.holdoutR2) },
          { key: 'rmse', label: 'RMSE', numeric: true, render: (r) => fmt(r.holdoutRmse, 4), sort: byNumber((r: LeaderboardRow) => r.holdoutRmse) },
          { key: 'mae', label: 'MAE', numeric: true, render: (r) => fmt(r.holdoutMae, 4), sort: byNumber((r: LeaderboardRow) => r.holdoutMae) },
          {
            key: 'pi',
            label: `${board.rows[0]?.interval ? `${Math.round(board.rows[0].interval.level * 100)} % interval` : 'Interval'} coverage · width (CV)`,
            numeric: true,
            render: (r) => (r.interval ? `${fmt(r.interval.cvCoverage * 100, 0)} % · ${fmt(r.interval.cvMeanWidth, 2)}` : '–'),
            sort: byNumber((r: LeaderboardRow) => r.interval?.cvMeanWidth),
          },
          { key: 'fit', label: 'Fit time', numeric: true, render: (r) => `${fmt(r.fitSeconds * 1000, 0)} ms`, sort: byNumber((r: LeaderboardRow) => r.fitSeconds) },
        ]}
      />
    </>
  );
}
