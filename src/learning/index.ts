/**
 * Learning from a company's outcomes: features, learners, calibration, evaluation, explanation.
 * Pure (no I/O, no clock, no randomness beyond a given seed). Callers import from this file.
 */
export { fitFeatureSpace, isLeakyColumn, binRow, describeBin, type Row, type RawValue, type FeatureSpace, type FeatureOptions, type Column } from './features.ts';
export { evaluate, auc, ece, logLoss, brier, topDecileLift, type Metrics } from './metrics.ts';
export { fitPlatt, fitIsotonic, calibrate, type Calibrator } from './calibrate.ts';
export { predictRow, MODEL_FORMAT, type LearnedModel, type RowFactor, type RowPrediction } from './model.ts';
export { trainModel, chooseAlgorithm, TREES_FROM_ROWS, crossValidate, fitCalibrated, probabilities, activationDecision, byTime, type Example, type Algorithm, type TrainOptions, type TrainingReport, type TrainResult, type CrossValidation } from './train.ts';
export { leadRow, factorWords, factorSentence, ATTRIBUTE_PREFIX } from './lead-row.ts';
export { seededRandom, sigmoid, logit } from './math.ts';
