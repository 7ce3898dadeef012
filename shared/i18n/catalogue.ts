/**
 * The server's messages: code → English and Swedish, with `{name}`
 * parameters (see messages.ts). A code is stored data (exceptions and runs
 * keep it, migration 0034): never rename one; add a new one instead.
 * Swedish follows the designer's catalogue (designer/i18n/sv.ts): utlösare,
 * gren, koppling, steg, verifikation, konto, momskod, bankrad, undantag.
 */
export const messageCatalogue = {
  // ── The automation validator (shared/automation/validate.ts): the red lines under fields and the issue list
  'validation.too_many': {
    en: 'The automation has {count} {list}; at most {max} are allowed',
    sv: 'Automatiseringen har {count} {list}; högst {max} är tillåtna',
  },
  'validation.list.nodes': { en: 'nodes', sv: 'steg' },
  'validation.list.edges': { en: 'edges', sv: 'kopplingar' },
  'validation.config_too_deep': {
    en: '{where}: {problem}; a rule this deep cannot be an automation',
    sv: '{where}: {problem}; en regel som är så djup kan inte vara en automatisering',
  },
  'validation.at': { en: '{where}: {problem}', sv: '{where}: {problem}' },
  'validation.duplicate_node_id': { en: 'Two nodes have the id "{id}"', sv: 'Två steg har id:t "{id}"' },
  'validation.unknown_node_type': { en: 'Unknown node type "{type}"', sv: 'Okänd stegtyp "{type}"' },
  'validation.unknown_node_version': {
    en: 'Node type "{type}" has no version {version} (current: {current})',
    sv: 'Stegtypen "{type}" har ingen version {version} (aktuell: {current})',
  },
  'validation.no_trigger': {
    en: 'The automation has no trigger: add one (e.g. "Bank line imported")',
    sv: 'Automatiseringen har ingen utlösare: lägg till en (t.ex. "Bankrad importerad")',
  },
  'validation.several_triggers': {
    en: 'Only one trigger is allowed; "{name}" is a second one',
    sv: 'Bara en utlösare är tillåten; "{name}" är en andra',
  },
  'validation.duplicate_edge_id': { en: 'Two edges have the id "{id}"', sv: 'Två kopplingar har id:t "{id}"' },
  'validation.dangling_edge_source': {
    en: 'Edge "{edge}" leaves from "{node}", which does not exist',
    sv: 'Kopplingen "{edge}" utgår från "{node}", som inte finns',
  },
  'validation.dangling_edge_target': {
    en: 'Edge "{edge}" points to "{node}", which does not exist',
    sv: 'Kopplingen "{edge}" pekar på "{node}", som inte finns',
  },
  'validation.edge_into_trigger': { en: 'Nothing may lead into a trigger', sv: 'Inget får leda in i en utlösare' },
  'validation.missing_branch': {
    en: 'Edge "{edge}" must say which branch it leaves from ({branches})',
    sv: 'Kopplingen "{edge}" måste ange vilken gren den utgår från ({branches})',
  },
  'validation.unknown_branch': {
    en: '"{branch}" is not a branch of {type} "{node}" ({branches})',
    sv: '"{branch}" är ingen gren av {type} "{node}" ({branches})',
  },
  'validation.branch_already_connected': {
    en: 'The "{branch}" branch of "{node}" is already connected; a branch leads to one node',
    sv: 'Grenen "{branch}" av "{node}" är redan kopplad; en gren leder till ett steg',
  },
  'validation.cycle': {
    en: 'The graph loops back to "{node}": automations must not contain cycles',
    sv: 'Flödet går tillbaka till "{node}": en automatisering får inte innehålla slingor',
  },
  'validation.unreachable_node': {
    en: '"{node}" cannot be reached from the trigger: connect it or delete it',
    sv: '"{node}" nås inte från utlösaren: koppla det eller ta bort det',
  },
  'validation.unconnected_branch': {
    en: 'The "{branch}" branch of "{node}" is not connected: events that take it are left to the other automations on this trigger, and go to the exceptions inbox when none of them handles them',
    sv: 'Grenen "{branch}" av "{node}" är inte kopplad: händelser som tar den lämnas åt de andra automatiseringarna med samma utlösare och hamnar under Att hantera när ingen av dem hanterar dem',
  },
  'validation.unconnected_port': {
    en: '"{node}" must be connected from its "{port}" output',
    sv: '"{node}" måste kopplas vidare från sin utgång "{port}"',
  },
  'validation.nested_loop': {
    en: '"{node}" is inside the body of for-each "{loop}": a for-each cannot contain another',
    sv: '"{node}" ligger i loopen "{loop}": en loop kan inte innehålla en annan',
  },
  'validation.loop_body_entered': {
    en: '"{node}" runs once per item of for-each "{loop}" (it is after its "each" port), so only that loop may lead into it; edge "{edge}" comes from "{source}" outside the loop',
    sv: '"{node}" körs en gång per post i loopen "{loop}" (det ligger efter dess utgång "each"), så bara den loopen får leda in i det; kopplingen "{edge}" kommer från "{source}" utanför loopen',
  },
  'validation.balance_limit': {
    en: '{where}: the automation reads more than {max} distinct balances (this one is number {count}); a run reads at most {max}',
    sv: '{where}: automatiseringen läser fler än {max} olika saldon (detta är nummer {count}); en körning läser högst {max}',
  },
  'validation.item_outside_loop': {
    en: '"{path}" is only available inside the body of a for-each (the nodes after its "each" port)',
    sv: '"{path}" finns bara inuti en loop (stegen efter dess utgång "each")',
  },
  'validation.index_has_no_fields': {
    en: '"{path}": index is the item\'s position (a number) and has no fields',
    sv: '"{path}": index är postens position (ett tal) och har inga fält',
  },
  'validation.not_an_item_field': {
    en: '"{path}" is not a field of the items of for-each "{loop}" (available: {available})',
    sv: '"{path}" är inget fält i posterna i loopen "{loop}" (tillgängliga: {available})',
  },
  'validation.no_such_step': {
    en: '"{path}": there is no node "{node}" (use steps.<nodeId>.<field>)',
    sv: '"{path}": det finns inget steg "{node}" (skriv steps.<nodeId>.<field>)',
  },
  'validation.step_never_before': {
    en: '"{path}": node "{node}" never runs before "{here}"',
    sv: '"{path}": steget "{node}" körs aldrig före "{here}"',
  },
  'validation.not_provided_by_trigger': {
    en: '"{path}" is not provided by the trigger "{trigger}" (available: {available})',
    sv: '"{path}" finns inte i utlösaren "{trigger}" (tillgängliga: {available})',
  },
  'validation.constant_condition_case': {
    en: 'Case {case} of "{node}" is always {value}: it reads no event field',
    sv: 'Fall {case} av "{node}" är alltid {value}: det läser inget fält i händelsen',
  },
  'validation.constant_condition': {
    en: '"{node}" is always {value}: it reads no event field',
    sv: '"{node}" är alltid {value}: det läser inget fält i händelsen',
  },
  'validation.never_runs': {
    en: '"{node}" can never run: the condition before it is constant',
    sv: '"{node}" kan aldrig köras: villkoret före det är konstant',
  },
  'validation.line': { en: 'Line {line}: {problem}', sv: 'Rad {line}: {problem}' },
  'validation.account_unknown': {
    en: 'account {value} does not exist in the chart of accounts',
    sv: 'konto {value} finns inte i kontoplanen',
  },
  'validation.account_expression_unknown': {
    en: 'the account expression gives {value}, which does not exist in the chart of accounts',
    sv: 'kontouttrycket ger {value}, som inte finns i kontoplanen',
  },
  'validation.account_expression_inactive': {
    en: 'the account expression gives {value}, which is inactive',
    sv: 'kontouttrycket ger {value}, som har inaktiverats',
  },
  'validation.one_balancing_line': {
    en: 'Only one line may take the balancing remainder (empty amount)',
    sv: 'Bara en rad får ta den balanserande resten (tomt belopp)',
  },
  'validation.only_credit_lines': {
    en: 'The voucher has only credit lines: it can never balance',
    sv: 'Verifikationen har bara kreditrader: den kan aldrig balansera',
  },
  'validation.only_debit_lines': {
    en: 'The voucher has only debit lines: it can never balance',
    sv: 'Verifikationen har bara debetrader: den kan aldrig balansera',
  },
  'validation.literal_difference': {
    en: 'Debits and credits differ by {difference} öre: the voucher can never balance',
    sv: 'Debet och kredit skiljer sig med {difference} öre: verifikationen kan aldrig balansera',
  },
  // a condition's branches, as the canvas names them
  'branch.true': { en: 'true', sv: 'sant' },
  'branch.false': { en: 'false', sv: 'falskt' },

  // ── Master data a picker or the validator does not know (shared/master-data.ts)
  'master_data.does_not_exist': { en: '{what} does not exist in this company', sv: '{what} finns inte i det här företaget' },
  'master_data.inactive': { en: '{what} is inactive', sv: '{what} har inaktiverats' },
  'master_data.account': { en: 'Account {value}', sv: 'Konto {value}' },
  'master_data.series': { en: 'Series {value}', sv: 'Verifikationsserie {value}' },
  'master_data.vat-code': { en: 'VAT code {value}', sv: 'Momskod {value}' },
  'master_data.dimension-object': { en: 'Object {value}', sv: 'Objekt {value}' },
  'master_data.customer': { en: 'Customer {value}', sv: 'Kund {value}' },
  'master_data.supplier': { en: 'Supplier {value}', sv: 'Leverantör {value}' },
  'master_data.bank-account': { en: 'Bank account {value}', sv: 'Bankkonto {value}' },
  // ── API answers the designer shows in toasts and dialogs (runtime/http/errors.ts and the refusals it maps)
  'api.invalid_request': { en: 'Invalid {where}: {issues}', sv: 'Ogiltig begäran ({where}): {issues}' },
  'api.automation_invalid': { en: 'The automation is not valid: {issues}', sv: 'Automatiseringen är inte giltig: {issues}' },
  'api.internal_error': {
    en: 'Something went wrong on our side; it has been logged as {requestId}.',
    sv: 'Något gick fel hos oss; det har loggats som {requestId}.',
  },
  'api.unauthenticated': {
    en: 'Sign in, or send an API token as "Authorization: Bearer <token>"',
    sv: 'Logga in, eller skicka en API-token som "Authorization: Bearer <token>"',
  },
  'api.forbidden_role': {
    en: 'Your role ({role}) does not allow this: it needs the "{permission}" permission',
    sv: 'Din roll ({role}) tillåter inte detta: det kräver behörigheten "{permission}"',
  },
  'api.too_many_attempts': {
    en: 'Too many failed authentication attempts from this address; wait a minute',
    sv: 'För många misslyckade inloggningsförsök från den här adressen; vänta en minut',
  },
  'api.no_exchange_rate': {
    en: 'No {from}→{to} rate for {date}: bank line {line} is in {from}, and nothing is booked as {to} without a rate. Set the day\'s rate (POST …/exchange-rates) or give it as "rate" and try again',
    sv: 'Ingen kurs {from}→{to} för {date}: bankraden {line} är i {from}, och inget bokförs i {to} utan kurs. Ange dagens kurs (POST …/exchange-rates) eller ange den som "rate" och försök igen',
  },
  'api.no_exchange_rate_invoices': {
    en: 'No {from}→{to} rate for {date}: bank line {line} is {to} paid for {from} invoices, and what it brings is checked against the day\'s rate. Set the day\'s rate (POST …/exchange-rates) or give it as "rate" and try again',
    sv: 'Ingen kurs {from}→{to} för {date}: bankraden {line} är {to} som betalar fakturor i {from}, och beloppet prövas mot dagens kurs. Ange dagens kurs (POST …/exchange-rates) eller ange den som "rate" och försök igen',
  },
  'api.year_end_close_again': {
    en: 'Fiscal year {next} does not open with what closing {year} carried: {what}. Re-open {year} and close it again to carry its balances anew (an earlier release closed years without carrying class 0 and 9 balances, and left result accounts\' opening balances in the next year)',
    sv: 'Räkenskapsår {next} öppnar inte med det som bokslutet för {year} förde över: {what}. Öppna {year} igen och stäng det på nytt så förs saldona över på nytt (en tidigare version stängde år utan att föra över saldon i klass 0 och 9 och lämnade ingående balanser på resultatkonton kvar i nästa år)',
  },
  'api.year_end_opening_off_by': { en: 'its opening balances do not net to zero (off by {amount})', sv: 'dess ingående balanser går inte jämnt ut (skillnad {amount})' },
  'api.year_end_opening_result_accounts': { en: 'result accounts {accounts} have opening balances', sv: 'resultatkonton {accounts} har ingående balanser' },
  'api.given_rate_not_used': {
    en: 'The rate you gave ({given}) was not used: the company has a {currency} rate for {date} ({used}), and it was booked at that',
    sv: 'Kursen du angav ({given}) användes inte: företaget har en kurs för {currency} för {date} ({used}), och det bokfördes med den',
  },
  'api.exception_already_resolved': { en: 'The exception was already resolved', sv: 'Avvikelsen är redan löst' },
  'api.exception_already_resolved_at': { en: 'The exception was already resolved at {at}', sv: 'Avvikelsen löstes redan {at}' },
  'api.exception_already_dismissed': { en: 'The exception was already dismissed', sv: 'Avvikelsen är redan avfärdad' },
  'api.exception_already_dismissed_at': { en: 'The exception was already dismissed at {at}', sv: 'Avvikelsen avfärdades redan {at}' },
  'api.bank_line_booked_resolve_instead': {
    en: 'The bank line is already booked; resolve the exception instead',
    sv: 'Bankraden är redan bokförd; lös avvikelsen i stället',
  },
  'api.bank_line_already_booked': {
    en: 'Bank line {line} is already booked by voucher {voucher}',
    sv: 'Bankraden {line} är redan bokförd med verifikation {voucher}',
  },
  'api.invoice_changed': { en: 'Invoice {invoice} changed meanwhile; look again', sv: 'Fakturan {invoice} har ändrats under tiden; titta igen' },
  'api.period_locked': { en: 'Period {period} is locked: nothing can be posted into it', sv: 'Perioden {period} är låst: inget kan bokföras i den' },
  'api.year_not_closed': { en: 'Fiscal year {year} is not closed', sv: 'Räkenskapsåret {year} är inte stängt' },
  // ── Why a run ended without booking (runtime/engine, runtime/nodes): the runs page and the inbox
  'run.branch_leads_nowhere': {
    en: '{node} took the "{branch}" branch, which leads nowhere',
    sv: '{node} tog grenen "{branch}", som inte leder vidare',
  },
  'run.trigger_not_connected': { en: 'the trigger is not connected to anything', sv: 'utlösaren är inte kopplad till något' },
  'run.no_action_ran': { en: 'no action ran', sv: 'inget steg bokförde något' },
  'run.payment_not_matched': { en: 'Payment not matched ({code}): {detail}', sv: 'Betalningen matchades inte ({code}): {detail}' },
  'run.no_open_invoice_fits': { en: 'no open invoice fits', sv: 'ingen öppen kundfaktura passar' },
  'run.already_booked': {
    en: 'The {what} was already booked by "{automation}" (higher priority); it is booked once',
    sv: 'Redan bokförd av "{automation}" (högre prioritet): {what} bokförs en gång',
  },
  'run.what.bank_line': { en: 'bank line', sv: 'en bankrad' },
  'run.what.source_document': { en: 'source document', sv: 'ett underlag' },

  // ── The exceptions inbox (runtime/domains/bank/sources.ts)
  'inbox.no_automation_handled': { en: 'No automation handled this bank line: {details}', sv: 'Ingen automatisering hanterade bankraden: {details}' },
  'inbox.automation_said': { en: '{name}: {reason}', sv: '{name}: {reason}' },
  'inbox.rules_did_not_apply': { en: 'the rules did not apply ({names})', sv: 'reglerna gällde inte ({names})' },
  'inbox.other_rules_did_not_apply': { en: 'the other rules did not apply ({names})', sv: 'de andra reglerna gällde inte ({names})' },
  'inbox.no_published_automation': {
    en: 'No published automation is triggered by "Bank line imported"',
    sv: 'Ingen publicerad automatisering startar på "Bankrad importerad"',
  },
  // ── The demo's example automations (rules-examples/*.json): their names, shown in Swedish while unchanged
  'example.bank-fees': { en: 'Bank fees', sv: 'Bankavgifter' },
  'example.card-settlements': { en: 'Card settlements', sv: 'Kortavräkningar' },
  'example.customer-payments': { en: 'Customer payments', sv: 'Kundinbetalningar' },
  'example.interest-costs': { en: 'Interest costs', sv: 'Räntekostnader' },
  'example.interest-income': { en: 'Interest income', sv: 'Ränteintäkter' },
  'example.monthly-depreciation': { en: 'Monthly depreciation', sv: 'Månatliga avskrivningar' },
  'example.supplier-invoice-coding': { en: 'Supplier invoice coding', sv: 'Kontering av leverantörsfakturor' },
  'example.tax-account': { en: 'Tax account transfers', sv: 'Överföringar till skattekontot' },
  // why a payment was not matched (runtime/domains/bank/matching): the code in English, as it always was; words in Swedish
  'match.no_match': { en: 'no_match', sv: 'ingen faktura stämmer' },
  'match.ambiguous': { en: 'ambiguous', sv: 'två fakturor stämmer lika väl' },
  'match.currency_mismatch': { en: 'currency_mismatch', sv: 'annan valuta än fakturan' },
  'match.reversal': { en: 'reversal', sv: 'en returnerad betalning' },
  'match.not_incoming': { en: 'not_incoming', sv: 'pengar ut, ingen inbetalning' },
  'match.below_threshold': { en: 'below_threshold', sv: 'ingen kandidat är säker nog' },
  'match.partial_not_allowed': { en: 'partial_not_allowed', sv: 'mindre än fakturan, och delbetalningar är avstängda' },
  'match.overpayment_not_allowed': { en: 'overpayment_not_allowed', sv: 'mer än fakturan, och överbetalningar är avstängda' },
  'match.already_paid': { en: 'already_paid', sv: 'fakturan är redan betald' },
  'match.too_many_invoices': { en: 'too_many_invoices', sv: 'fler fakturor än en betalning får reglera' },
  'match.no_exchange_rate': { en: 'no_exchange_rate', sv: 'ingen valutakurs för dagen' },
  // ── Master data (runtime/domains/masterdata/chart.ts): what a deactivation or a delete would break
  'masterdata.automation_uses': {
    en: 'Published automation "{name}" (version {version}) uses {what} in {nodes}',
    sv: 'Den publicerade automatiseringen "{name}" (version {version}) använder {what} i {nodes}',
  },
  'masterdata.what_account': { en: 'account {number}', sv: 'konto {number}' },
  'masterdata.what_vat_code': { en: 'VAT code {code}', sv: 'momskod {code}' },
  'masterdata.account_has_vat_code': { en: 'Account {accounts} has VAT code {code} as default', sv: 'Konto {accounts} har momskod {code} som standard' },
  'masterdata.accounts_have_vat_code': { en: 'Accounts {accounts} have VAT code {code} as default', sv: 'Kontona {accounts} har momskod {code} som standard' },
  'masterdata.change_the_automation_first': { en: '{field}: {problem}; change the automation first', sv: '{field}: {problem}; ändra automatiseringen först' },
} as const satisfies Record<string, { en: string; sv: string }>;
