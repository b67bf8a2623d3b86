/**
 * The columns scoring adds to every ad, under one name everywhere: `convopt predict`'s output file and
 * the server's streamed CSV (which adds an `error` column for rows it could not score).
 */

/** Predicted approved conversions of the ad. */
export const PREDICTION_COLUMN = 'predicted_approved_conversions';
/**
 * Ends of the model's prediction interval (its level, e.g. 80 %, is the model's: `bundle.interval`);
 * only written for models that carry one (every model `convopt train` registers).
 */
export const LOW_COLUMN = 'predicted_approved_conversions_low';
export const HIGH_COLUMN = 'predicted_approved_conversions_high';
/** Spent ÷ prediction; empty when the prediction is ≤ 0 (or there is no spend). */
export const COST_COLUMN = 'cost_per_predicted_approved_conversion';
