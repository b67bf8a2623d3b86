/**
 * The columns scoring adds to every ad, under one name everywhere: `convopt predict`'s output file and
 * the server's streamed CSV (which adds an `error` column for rows it could not score).
 */

/** Predicted approved conversions of the ad. */
export const PREDICTION_COLUMN = 'predicted_approved_conversions';
/** Spent ÷ prediction; empty when the prediction is ≤ 0 (or there is no spend). */
export const COST_COLUMN = 'cost_per_predicted_approved_conversion';
