/**
 * The leaderboard's shape: what the evaluate step stores as its `leaderboard` artifact, what `convopt
 * train` prints and what the web app's run page reads. Types only, with no imports, so the browser
 * bundle can share them without pulling in the pipeline.
 */

/** One model family's row, best first. */
export interface LeaderboardRow {
  readonly rank: number;
  readonly name: string;
  readonly kind: string;
  /** Feature set the family was fitted on (absent in leaderboards written before families could differ). */
  readonly featureSet?: string;
  readonly cvR2Mean: number;
  readonly cvR2Std: number;
  readonly cvRmseMean: number;
  readonly cvMaeMean: number;
  readonly holdoutR2: number;
  readonly holdoutRmse: number;
  readonly holdoutMae: number;
  readonly holdoutMse: number;
  /** The prediction interval's level and measured coverage/mean width (absent in leaderboards written before intervals). */
  readonly interval?: { readonly level: number; readonly cvCoverage: number; readonly cvMeanWidth: number; readonly holdoutCoverage: number; readonly holdoutMeanWidth: number };
  readonly fitSeconds: number;
  readonly totalSeconds: number;
}

export interface Leaderboard {
  /** The evaluation scheme (`SplitPlan['scheme']`): the scikit-learn reference folds, or seeded k-fold. */
  readonly scheme: 'reference' | 'kfold';
  readonly description: string;
  readonly rows: readonly LeaderboardRow[];
}
