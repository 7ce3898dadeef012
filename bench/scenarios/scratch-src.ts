import { LogicEngine } from 'json-logic-engine';
import { bankFeesRule, invoiceRules } from './json-logic.ts';
const engine = new LogicEngine();
engine.addMethod('icontains', (a: any) => a, { deterministic: true });
console.log((engine.build(bankFeesRule as never) as any).toString());
console.log((engine.build(invoiceRules[9] as never) as any).toString());
console.log((engine.build(invoiceRules[1] as never) as any).toString());
