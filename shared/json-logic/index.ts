/**
 * Kontera's JSON Logic: json-logic-js 2.0.5 semantics plus finance operators,
 * compiled once into closures. See README.md in this folder.
 */
export { JsonLogicError, type JsonLogicErrorCode, type RulePath } from './errors.ts';
export {
  compile,
  evaluate,
  compileProblems,
  type CompileOptions,
  type CompiledRule,
  type CustomOperator,
  depthMaxDefault,
  nodesMaxDefault,
  operationsMaxDefault,
} from './compile.ts';
export { analyze, type RuleAnalysis, type ItemVars, type ItemOperator } from './analyze.ts';
export { operatorCatalogue, operatorNames, operatorInfo, type OperatorInfo, type OperatorGroup, type OperatorExample } from './operators.ts';
export { truthy } from './compiled-node.ts';
export {
  balanceCalls, balanceRequestKey, balanceRequestsMax, balanceValuesKey, balanceDateKeywords, resolveBalanceCall, withLedgerBalances,
  eventDateFields, eventDateOf,
  type BalanceCall, type BalanceRequest, type LedgerBalances,
} from './ledger-balance.ts';
