export {
  parseCamt,
  parseCamtReport,
  camtBytesMax,
  camtLimits,
  type CamtMessage,
  type CamtReport,
  type CamtStatementCheck,
  type ParseCamtOptions,
} from './parse-camt.ts';
export { parseCamtAmount, camtDatePart } from './amount.ts';
export { camtCurrencyDecimals } from './currency.ts';
