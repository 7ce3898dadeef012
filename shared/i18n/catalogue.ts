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
  'run.step_limit': {
    en: 'step_limit: the run took more than {max} steps (stepsMax); nothing was posted',
    sv: 'step_limit: körningen tog fler än {max} steg (stepsMax); inget bokfördes',
  },
  'run.time_limit': {
    en: 'time_limit: the run took longer than {ms} ms (runTimeMs); nothing was posted',
    sv: 'time_limit: körningen tog längre än {ms} ms (runTimeMs); inget bokfördes',
  },
  'run.step_failed': { en: '{step} failed: {code}: {problem}', sv: '{step} misslyckades: {code}: {problem}' },
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
  // their descriptions, shown in Swedish while unchanged (the English word for word as the file has it)
  'example_description.bank-fees': {
    en: 'A bank line in SEK whose text says it is a fee (AVGIFT or FEE, any case) with a negative amount is booked on 6570 Bankkostnader against the line\'s own bank account (1930 Företagskonto for the demo\'s account). A fee in another currency is booked at the company\'s rate for its day (the lines carry e.g. EUR 10.00 @ 11.50 beside the SEK amount); without a rate the run goes to the exceptions inbox ("No EUR→SEK rate for …"), never booked as SEK.',
    sv: 'En bankrad i SEK vars text säger att den är en avgift (AVGIFT eller FEE, oavsett skiftläge) med negativt belopp bokförs på 6570 Bankkostnader mot radens eget bankkonto (1930 Företagskonto för demons konto). En avgift i annan valuta bokförs till företagets kurs för dagen (raderna har t.ex. EUR 10.00 @ 11.50 bredvid SEK-beloppet); utan kurs går körningen till Att hantera ("Ingen EUR→SEK-kurs för …"), aldrig bokförd som SEK.',
  },
  'example_description.card-settlements': {
    en: 'Card sales paid out by a card acquirer: a bank line with money in (a positive amount, not a returned payment) whose text or counterparty names KORTINLÖSEN or one of the acquirers Nets, Swedbank Pay, PayEx, Bambora, Worldline, Adyen or Elavon (as a whole word, any case) is booked as debit the line\'s own bank account, credit 1580 Fordringar för kontokort och frikort (the card sales booked there when they were made). A settlement in another currency than SEK is not booked: it goes to the exceptions inbox with the reason.',
    sv: 'Kortförsäljning som betalas ut av en kortinlösare: en bankrad med pengar in (positivt belopp, inte en returnerad betalning) vars text eller motpart nämner KORTINLÖSEN eller någon av inlösarna Nets, Swedbank Pay, PayEx, Bambora, Worldline, Adyen eller Elavon (som helt ord, oavsett skiftläge) bokförs som debet radens eget bankkonto, kredit 1580 Fordringar för kontokort och frikort (där kortförsäljningen bokades när den gjordes). En avräkning i annan valuta än SEK bokförs inte: den går till Att hantera med orsaken.',
  },
  'example_description.customer-payments': {
    en: 'An incoming payment (money in) is matched to the company\'s open customer invoices — by OCR, by the invoice number in the text, by amount and payer name, or as the sum of several invoices of one customer — and settles them: debit the line\'s bank account, credit 1510 Kundfordringar per invoice. A payment it cannot match with confidence goes on to the other bank rules, and to the inbox with the candidates ranked.',
    sv: 'En inbetalning (pengar in) matchas mot företagets öppna kundfakturor — på OCR, på fakturanumret i texten, på belopp och betalarens namn, eller som summan av flera fakturor från samma kund — och reglerar dem: debet radens bankkonto, kredit 1510 Kundfordringar per faktura. En betalning som inte kan matchas säkert går vidare till de andra bankreglerna, och till Att hantera med kandidaterna rangordnade.',
  },
  'example_description.interest-costs': {
    en: 'Interest the bank charges: a bank line with money out (a negative amount, not a returned payment) whose text says RÄNTA, RÄNTE…, RÄNTOR or INTEREST (any case; also RANTA written without the dots) is booked as debit 8410 Räntekostnader, credit the line\'s own bank account. Interest in another currency than SEK is not booked: it goes to the exceptions inbox with the reason, for a person to book at the day\'s exchange rate.',
    sv: 'Ränta som banken tar ut: en bankrad med pengar ut (negativt belopp, inte en returnerad betalning) vars text säger RÄNTA, RÄNTE…, RÄNTOR eller INTEREST (oavsett skiftläge; även RANTA utan prickar) bokförs som debet 8410 Räntekostnader, kredit radens eget bankkonto. Ränta i annan valuta än SEK bokförs inte: den går till Att hantera med orsaken, så att en person kan bokföra den till dagens växelkurs.',
  },
  'example_description.interest-income': {
    en: 'Interest the bank pays in: a bank line with money in (a positive amount, not a returned payment) whose text says RÄNTA, RÄNTE…, RÄNTOR or INTEREST (any case; also RANTA written without the dots) is booked as debit the line\'s own bank account, credit 8310 Ränteintäkter. Interest in another currency than SEK is not booked: it goes to the exceptions inbox with the reason, for a person to book at the day\'s exchange rate.',
    sv: 'Ränta som banken betalar ut: en bankrad med pengar in (positivt belopp, inte en returnerad betalning) vars text säger RÄNTA, RÄNTE…, RÄNTOR eller INTEREST (oavsett skiftläge; även RANTA utan prickar) bokförs som debet radens eget bankkonto, kredit 8310 Ränteintäkter. Ränta i annan valuta än SEK bokförs inte: den går till Att hantera med orsaken, så att en person kan bokföra den till dagens växelkurs.',
  },
  'example_description.monthly-depreciation': {
    en: 'Run once a month (manually, with any date in the month): books the planned straight-line depreciation on the last day of that month — inventarier 800 kr (7832 against 1229) and datorer 1 500 kr (7834 against 1259).',
    sv: 'Körs en gång i månaden (manuellt, med valfritt datum i månaden): bokför den planenliga linjära avskrivningen på månadens sista dag — inventarier 800 kr (7832 mot 1229) och datorer 1 500 kr (7834 mot 1259).',
  },
  'example_description.supplier-invoice-coding': {
    en: 'Books each line of an incoming supplier invoice by its VAT code: I25 on 4010 Inköp material och varor, I12 on 5831 Kost och logi, with the input VAT on 2641 against 2440 Leverantörsskulder (one voucher per line, series B). Invoices over 100 000 kr, lines over 25 000 kr and lines with any other VAT code go to the exceptions inbox instead.',
    sv: 'Bokför varje rad i en inkommande leverantörsfaktura efter dess momskod: I25 på 4010 Inköp material och varor, I12 på 5831 Kost och logi, med ingående moms på 2641 mot 2440 Leverantörsskulder (en verifikation per rad, serie B). Fakturor över 100 000 kr, rader över 25 000 kr och rader med någon annan momskod går till Att hantera i stället.',
  },
  'example_description.tax-account': {
    en: 'Money between the bank and the tax account at Skatteverket (skattekonto): a bank line whose text or counterparty says SKATTEVERKET or SKATTEKONTO (any case), or that names Skatteverket\'s bankgiro 5050-1055, is booked against 1630 Avräkning för skatter och avgifter (skattekonto). A payment to Skatteverket (money out) is debit 1630, credit the line\'s own bank account; money back from the tax account (money in) is debit the bank account, credit 1630. A line in another currency than SEK is not booked: it goes to the exceptions inbox with the reason. A line of zero is left alone.',
    sv: 'Pengar mellan banken och skattekontot hos Skatteverket: en bankrad vars text eller motpart säger SKATTEVERKET eller SKATTEKONTO (oavsett skiftläge), eller som anger Skatteverkets bankgiro 5050-1055, bokförs mot 1630 Avräkning för skatter och avgifter (skattekonto). En betalning till Skatteverket (pengar ut) är debet 1630, kredit radens eget bankkonto; pengar tillbaka från skattekontot (pengar in) är debet bankkontot, kredit 1630. En rad i annan valuta än SEK bokförs inte: den går till Att hantera med orsaken. En rad på noll lämnas orörd.',
  },
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
  // ── The payment matcher's detailed reasons (runtime/domains/bank/matching/match-payment.ts, payments/manual.ts): stored in
  // English in a decision; shared/i18n/match-reasons.ts recognises them by these English texts, so each must be the matcher's word for word
  'match_reason.ocr_exact': { en: 'OCR {ocr} matches invoice {invoice} exactly', sv: 'OCR {ocr} stämmer exakt med faktura {invoice}' },
  'match_reason.ocr_exact_extra': { en: 'OCR {ocr} (extra reference) matches invoice {invoice} exactly', sv: 'OCR {ocr} (extra referens) stämmer exakt med faktura {invoice}' },
  'match_reason.ocr_exact_one_of': { en: 'OCR {ocr} (one of the references) matches invoice {invoice} exactly', sv: 'OCR {ocr} (en av referenserna) stämmer exakt med faktura {invoice}' },
  'match_reason.ocr_base_with': {
    en: 'OCR {ocr} has the base {base} of invoice {invoice}\'s OCR {other} (one with, one without a length digit)',
    sv: 'OCR {ocr} har samma grund {base} som OCR {other} på faktura {invoice} (den ena med, den andra utan längdsiffra)',
  },
  'match_reason.ocr_base_without': {
    en: 'OCR {ocr} has the base {base} of invoice {invoice}\'s OCR {other} (one without, one with a length digit)',
    sv: 'OCR {ocr} har samma grund {base} som OCR {other} på faktura {invoice} (den ena utan, den andra med längdsiffra)',
  },
  'match_reason.ocr_is_number_with_length': { en: 'OCR {ocr} is invoice number {base} with length and check digit', sv: 'OCR {ocr} är fakturanummer {base} med längd- och kontrollsiffra' },
  'match_reason.ocr_is_number_with_check': { en: 'OCR {ocr} is invoice number {base} with check digit', sv: 'OCR {ocr} är fakturanummer {base} med kontrollsiffra' },
  'match_reason.number_in_reference': { en: 'invoice number {invoice} found in the reference', sv: 'fakturanummer {invoice} står i referensen' },
  'match_reason.number_in_text': { en: 'invoice number {invoice} found in the remittance text', sv: 'fakturanummer {invoice} står i meddelandet' },
  'match_reason.ocr_in_text': { en: 'OCR {ocr} found in the remittance text matches invoice {invoice}', sv: 'OCR {ocr} i meddelandet stämmer med faktura {invoice}' },
  'match_reason.ocr_typo': {
    en: 'OCR has a typo: {ocr} is one digit off invoice {invoice}\'s OCR {intended} ({typo})',
    sv: 'OCR har ett skrivfel: {ocr} skiljer sig på en siffra från OCR {intended} på faktura {invoice} ({typo})',
  },
  'match_reason.ocr_typo_check': {
    en: 'OCR has a typo: {ocr} is one digit off invoice {invoice}\'s OCR {intended} ({typo}, and it fails the check digit)',
    sv: 'OCR har ett skrivfel: {ocr} skiljer sig på en siffra från OCR {intended} på faktura {invoice} ({typo}, och kontrollsiffran stämmer inte)',
  },
  'match_reason.amount_equal': { en: 'amount {amount} equals the open amount', sv: 'beloppet {amount} är lika med det öppna beloppet' },
  'match_reason.invoice_paid': { en: 'invoice {invoice} has nothing open (paid)', sv: 'faktura {invoice} har inget öppet (betald)' },
  'match_reason.amount_and_open': { en: 'amount {amount}, open amount {open}', sv: 'belopp {amount}, öppet belopp {open}' },
  'match_reason.invoice_other_currency': {
    en: 'invoice is in {currency} (open {open}), the payment in {paymentCurrency}',
    sv: 'fakturan är i {currency} (öppet {open}), betalningen i {paymentCurrency}',
  },
  'match_reason.payer_is_customer': { en: 'payer {payer} ≈ customer {customer} ({similarity})', sv: 'betalaren {payer} ≈ kunden {customer} ({similarity})' },
  'match_reason.payer_resembles': { en: 'payer {payer} only resembles customer {customer} ({similarity})', sv: 'betalaren {payer} liknar bara kunden {customer} ({similarity})' },
  'match_reason.before_issue': {
    en: 'booked {date}, {days} days before the issue date {issueDate} (window {window} days)',
    sv: 'bokförd {date}, {days} dagar före fakturadatum {issueDate} (fönster {window} dagar)',
  },
  'match_reason.after_due': {
    en: 'booked {date}, {days} days after the due date {dueDate} (window {window} days)',
    sv: 'bokförd {date}, {days} dagar efter förfallodagen {dueDate} (fönster {window} dagar)',
  },
  'match_reason.bucket_cut': { en: 'only the first {count} open invoices with this amount were compared', sv: 'bara de första {count} öppna fakturorna med det här beloppet jämfördes' },
  'match_reason.part_of_sum': { en: 'open amount {open} is part of the sum', sv: 'det öppna beloppet {open} ingår i summan' },
  'match_reason.sum_of_invoices': {
    en: 'payment {amount} equals the sum of the open amounts of invoices {invoices} of customer {customerNo} {customer}',
    sv: 'betalningen {amount} är summan av de öppna beloppen på fakturorna {invoices} till kund {customerNo} {customer}',
  },
  'match_reason.reversal': {
    en: 'the bank marks {amount} as a returned payment; nothing is settled (a reversal of an earlier match is undone by the ledger, not here)',
    sv: 'banken markerar {amount} som en returnerad betalning; inget regleras (en tidigare matchning rättas i bokföringen, inte här)',
  },
  'match_reason.zero': { en: '{amount} is zero, not a customer payment', sv: '{amount} är noll, ingen kundinbetalning' },
  'match_reason.money_out': { en: '{amount} is money out, not a customer payment', sv: '{amount} är pengar ut, ingen kundinbetalning' },
  'match_reason.too_many_invoices': {
    en: 'payment equals the sum of {count} referenced invoices ({invoices}); at most {max} may be settled by one payment',
    sv: 'betalningen är summan av {count} angivna fakturor ({invoices}); högst {max} får regleras med en betalning',
  },
  'match_reason.all_referenced_settled': { en: 'every referenced invoice is settled in full', sv: 'varje angiven faktura regleras helt' },
  'match_reason.referenced_not_in_sum': { en: 'the referenced invoices {invoices} are not part of the sum', sv: 'de angivna fakturorna {invoices} ingår inte i summan' },
  'match_reason.two_sets_referenced': {
    en: 'two different sets of the referenced invoices sum to {amount}: {sets}',
    sv: 'två olika urval av de angivna fakturorna summerar till {amount}: {sets}',
  },
  'match_reason.currency_mismatch': {
    en: 'invoice {invoice} is in {currency}, the payment in {paymentCurrency}: never matched across currencies',
    sv: 'faktura {invoice} är i {currency}, betalningen i {paymentCurrency}: olika valutor matchas aldrig',
  },
  'match_reason.ambiguous': {
    en: 'invoices {first} ({firstScore}) and {second} ({secondScore}) score within {margin} of each other',
    sv: 'fakturorna {first} ({firstScore}) och {second} ({secondScore}) ligger inom {margin} från varandra',
  },
  'match_reason.already_paid': { en: 'invoice {invoice} has nothing left open: a second payment?', sv: 'faktura {invoice} har inget kvar att betala: en andra betalning?' },
  'match_reason.settles_exactly': { en: 'payment {amount} settles invoice {invoice} exactly', sv: 'betalningen {amount} reglerar faktura {invoice} exakt' },
  'match_reason.partial_not_allowed': {
    en: 'payment {amount} is less than the open {open} and partial payments are not allowed',
    sv: 'betalningen {amount} är mindre än det öppna {open} och delbetalningar är inte tillåtna',
  },
  'match_reason.settles_part': {
    en: 'payment {amount} settles part of invoice {invoice}; {remaining} stays open',
    sv: 'betalningen {amount} reglerar en del av faktura {invoice}; {remaining} är kvar att betala',
  },
  'match_reason.rest_is_other_invoices': {
    en: 'the rest is exactly the open amount of other invoices of the same customer',
    sv: 'resten är exakt det öppna beloppet på andra fakturor till samma kund',
  },
  'match_reason.exceeds_two_sets': {
    en: 'the payment exceeds invoice {invoice}, and two different sets of the customer\'s other open invoices make up the rest',
    sv: 'betalningen är mer än faktura {invoice}, och två olika urval av kundens andra öppna fakturor utgör resten',
  },
  'match_reason.overpayment_not_allowed': {
    en: 'payment {amount} is more than the open {open} and overpayments are not allowed',
    sv: 'betalningen {amount} är mer än det öppna {open} och överbetalningar är inte tillåtna',
  },
  'match_reason.overpaid': {
    en: 'payment {amount} settles invoice {invoice}; the excess {excess} becomes a credit of customer {customerNo}',
    sv: 'betalningen {amount} reglerar faktura {invoice}; överskottet {excess} blir ett tillgodohavande för kund {customerNo}',
  },
  'match_reason.two_sets_by_name': {
    en: 'two different sets of open invoices of customers named like {payer} sum to {amount}: {sets}',
    sv: 'två olika urval av öppna fakturor till kunder med namn som {payer} summerar till {amount}: {sets}',
  },
  'match_reason.below_threshold': {
    en: 'the best candidate, invoice {invoice}, scores {score}; at least {threshold} is needed',
    sv: 'den bästa kandidaten, faktura {invoice}, får {score}; minst {threshold} krävs',
  },
  'match_reason.no_match': {
    en: 'no open invoice matches the reference, the remittance text, or the amount',
    sv: 'ingen öppen faktura stämmer med referensen, meddelandet eller beloppet',
  },
  'match_reason.within_window': { en: 'all within the date window ({window} days)', sv: 'alla inom datumfönstret ({window} dagar)' },
  'match_reason.search_stopped': { en: 'the search stopped after {steps} steps', sv: 'sökningen avbröts efter {steps} steg' },
  'match_reason.no_rule': { en: 'no automation booked or matched this line', sv: 'ingen automatisering bokförde eller matchade raden' },
  'match_reason.matched_by_hand': { en: 'matched by hand by {by}', sv: 'matchad för hand av {by}' },
  'match_reason.matched_by_hand_note': { en: 'matched by hand by {by}: {note}', sv: 'matchad för hand av {by}: {note}' },
  'match_reason.booked_by_hand': { en: 'booked to {account} by hand by {by}', sv: 'bokförd mot {account} för hand av {by}' },
  'match_reason.booked_by_hand_note': { en: 'booked to {account} by hand by {by}: {note}', sv: 'bokförd mot {account} för hand av {by}: {note}' },
  'match_reason.no_rate_for_match': { en: 'a payment in {currency} matched invoice(s) {invoices}, but {problem}', sv: 'en betalning i {currency} matchade faktura {invoices}, men {problem}' },
  // parts of the reasons above (their parameters), recognised the same way
  'match_part.digit_differs': { en: 'digit {position} is {typed} instead of {intended}', sv: 'siffra {position} är {typed} i stället för {intended}' },
  'match_part.digits_swapped': { en: 'digits {first} and {second} are swapped', sv: 'siffrorna {first} och {second} har bytt plats' },
  'match_part.one_digit_differs': { en: 'one digit differs', sv: 'en siffra skiljer sig' },
  'match_part.digit_missing': { en: 'a digit is missing', sv: 'en siffra saknas' },
  'match_part.extra_digit': { en: 'there is an extra digit', sv: 'det finns en siffra för mycket' },
  'match_part.no_rates_port': {
    en: 'this runtime has no exchange rates (the rates port is not wired): settle it by hand',
    sv: 'den här körmiljön har inga valutakurser: reglera den för hand',
  },
  'match_part.no_rate': {
    en: 'there is no {from}→{to} rate for {date}: set it (POST …/exchange-rates) and retry, or settle it by hand',
    sv: 'det finns ingen kurs {from}→{to} för {date}: ange den (POST …/exchange-rates) och försök igen, eller reglera för hand',
  },
  'match_part.invoice_not_in_currency': {
    en: 'invoice {invoice} is not in {currency} as booked: settle it by hand',
    sv: 'faktura {invoice} är inte bokförd i {currency}: reglera den för hand',
  },
  // ── The VAT return's warnings (runtime/ledger/vat-return.ts): the code is the warning's, the words here
  'vat_warning.account_two_boxes': {
    en: 'Account {account} is the VAT account of codes that go to boxes {boxes}; its balance is declared in box {box}',
    sv: 'Konto {account} är momskonto för momskoder som går till rutorna {boxes}; dess saldo redovisas i ruta {box}',
  },
  'vat_warning.foreign_currency_line': {
    en: '{count} line(s) on {account} are in {currency}, not {base}: not in the return',
    sv: '{count} rad(er) på {account} är i {currency}, inte {base}: ingår inte i deklarationen',
  },
  'vat_warning.foreign_currency_line_code': {
    en: '{count} line(s) on {account} ({vatCode}) are in {currency}, not {base}: not in the return',
    sv: '{count} rad(er) på {account} ({vatCode}) är i {currency}, inte {base}: ingår inte i deklarationen',
  },
  'vat_warning.unknown_vat_code': {
    en: '{count} line(s) on {account} carry VAT code "{vatCode}", which the company no longer has: not in the return',
    sv: '{count} rad(er) på {account} har momskoden "{vatCode}", som företaget inte längre har: ingår inte i deklarationen',
  },
  'vat_warning.unmapped_vat_account': {
    en: 'Account {account} moved {amount} (credit positive) in the period, but no VAT code names it: it is not in the return nor settled',
    sv: 'Konto {account} rörde sig {amount} (kredit positivt) under perioden, men ingen momskod anger det: det ingår varken i deklarationen eller i momsavräkningen',
  },
  'vat_warning.box_base_mismatch_more': {
    en: 'Box {box} is {booked}, but {expected}: {difference} more than rounding explains (± {tolerance}). VAT was booked without its base, or a base without its code',
    sv: 'Ruta {box} är {booked}, men {expected}: {difference} mer än avrundning förklarar (± {tolerance}). Moms har bokförts utan sitt underlag, eller ett underlag utan sin momskod',
  },
  'vat_warning.box_base_mismatch_less': {
    en: 'Box {box} is {booked}, but {expected}: {difference} less than rounding explains (± {tolerance}). VAT was booked without its base, or a base without its code',
    sv: 'Ruta {box} är {booked}, men {expected}: {difference} mindre än avrundning förklarar (± {tolerance}). Moms har bokförts utan sitt underlag, eller ett underlag utan sin momskod',
  },
  'vat_warning.coded_lines_call_for': {
    en: 'the coded lines behind it (base {base} at {rates}) call for {vat}',
    sv: 'raderna med momskod bakom den (underlag {base} med {rates}) ger {vat}',
  },
  'vat_warning.no_coded_line': { en: 'no coded line calls for VAT in it', sv: 'ingen rad med momskod ger moms i den' },
  'vat_warning.without_coded_line_one': {
    en: '{count} voucher moved VAT accounts without a line carrying a VAT code (their VAT is in the return, their base in no box): {vouchers}',
    sv: '{count} verifikation bokförde på momskonton utan någon rad med momskod (momsen ingår i deklarationen, underlaget i ingen ruta): {vouchers}',
  },
  'vat_warning.without_coded_line_many': {
    en: '{count} vouchers moved VAT accounts without a line carrying a VAT code (their VAT is in the return, their base in no box): {vouchers}',
    sv: '{count} verifikationer bokförde på momskonton utan någon rad med momskod (momsen ingår i deklarationen, underlaget i ingen ruta): {vouchers}',
  },
  'vat_warning.and_more': { en: '{named} and {more} more', sv: '{named} och {more} till' },
  'vat_warning.and': { en: ' and ', sv: ' och ' },
  // ── Year-end refusals (runtime/ledger/year-end.ts): the close and re-open dialogs and their POSTs
  'year_end.already_closed': {
    en: 'Fiscal year {year} is already closed (on {date} by {actor}); re-open it first to close it again',
    sv: 'Räkenskapsåret {year} är redan stängt ({date} av {actor}); öppna det igen först för att stänga det på nytt',
  },
  'year_end.earlier_year_open': {
    en: 'Close the earlier fiscal year {years} first: years are closed in order, each carrying its balances into the next',
    sv: 'Stäng det tidigare räkenskapsåret {years} först: åren stängs i ordning, och vart och ett för över sina saldon till nästa',
  },
  'year_end.earlier_years_open': {
    en: 'Close the earlier fiscal years {years} first: years are closed in order, each carrying its balances into the next',
    sv: 'Stäng de tidigare räkenskapsåren {years} först: åren stängs i ordning, och vart och ett för över sina saldon till nästa',
  },
  'year_end.no_next_year': {
    en: 'Fiscal year {year} has no next fiscal year to carry its balances into: create it first (e.g. {start}..{end}: POST /api/companies/{company}/fiscal-years {"start":"{start}","end":"{end}"}, or "Add fiscal year" on the Periods page)',
    sv: 'Räkenskapsåret {year} har inget nästa räkenskapsår att föra över saldona till: skapa det först (t.ex. {start}..{end}: POST /api/companies/{company}/fiscal-years {"start":"{start}","end":"{end}"}, eller lägg till räkenskapsåret på sidan Perioder)',
  },
  'year_end.unbalanced': {
    en: 'The trial balance of fiscal year {year} does not net to zero: it is out by {outBy} öre (debit − credit over opening balances and vouchers); correct the opening balances before closing',
    sv: 'Råbalansen för räkenskapsåret {year} går inte jämnt ut: den skiljer {outBy} öre (debet − kredit över ingående balanser och verifikationer); rätta de ingående balanserna innan året stängs',
  },
  'year_end.later_year_closed': {
    en: 'Re-open the later fiscal year {years} first: it opens with the balances this year carried',
    sv: 'Öppna det senare räkenskapsåret {years} först: det börjar med de saldon som det här året förde över',
  },
  'year_end.later_years_closed': {
    en: 'Re-open the later fiscal years {years} first: they open with the balances this year carried',
    sv: 'Öppna de senare räkenskapsåren {years} först: de börjar med de saldon som det här året förde över',
  },
  'year_end.reason_required': {
    en: 'Re-opening a fiscal year needs a reason (it is recorded in the audit log)',
    sv: 'Att öppna ett räkenskapsår igen kräver ett skäl (det sparas i händelseloggen)',
  },
  // ── JSON Logic's expression problems (shared/json-logic: compile.ts, finance-operators.ts, standard-operators.ts, ledger-balance.ts,
  // budget.ts) as the editor's squiggles show them: the analyzer writes English (its tests and the API keep it); the editor
  // recognises these texts word for word (designer/nodes/widgets/expression-problems.ts)
  'expression.unknown_operator': { en: 'Unknown operator "{op}"', sv: 'Okänd operator "{op}"' },
  'expression.size_exceeded': { en: 'The rule has more than {max} nodes', sv: 'Regeln har fler än {max} noder' },
  'expression.depth_exceeded': { en: 'The rule is nested deeper than {max} levels', sv: 'Regeln är nästlad djupare än {max} nivåer' },
  'expression.takes_argument': { en: '"{op}" takes {expected} argument, got {count}', sv: '"{op}" tar {expected} argument, fick {count}' },
  'expression.takes_arguments': { en: '"{op}" takes {expected} arguments, got {count}', sv: '"{op}" tar {expected} argument, fick {count}' },
  'expression.not_one_of': { en: '"{op}": {value} is not one of {allowed}', sv: '"{op}": {value} är inte något av {allowed}' },
  'expression.ocr_valid_length': {
    en: '"ocr_valid": the second argument can only be the literal "length"',
    sv: '"ocr_valid": det andra argumentet kan bara vara texten "length"',
  },
  'expression.round_decimals': {
    en: '"round": decimals must be an integer from -{max} to {upper}',
    sv: '"round": antalet decimaler måste vara ett heltal från -{max} till {upper}',
  },
  'expression.times_needs_argument': { en: '"*" needs at least one argument', sv: '"*" behöver minst ett argument' },
  'expression.missing_some_keys': {
    en: '"missing_some" needs a list of keys as its second argument',
    sv: '"missing_some" behöver en lista av nycklar som andra argument',
  },
  'expression.balance_arity': { en: '"balance" takes 3 arguments [account, from, to], got {count}', sv: '"balance" tar 3 argument [konto, från, till], fick {count}' },
  'expression.balance_in_loop': {
    en: '"balance" inside map/filter/reduce/all/none/some takes literal arguments only: its balances are read before the run',
    sv: '"balance" inuti map/filter/reduce/all/none/some tar bara fasta värden som argument: saldona läses före körningen',
  },
  'expression.balance_plain_var': {
    en: '"balance" reads its arguments before the run: a var must be a plain "event.…" path, got {got}',
    sv: '"balance" läser sina argument före körningen: en var måste vara en enkel sökväg "event.…", fick {got}',
  },
  'expression.balance_computed': {
    en: '"balance" reads its arguments before the run: each must be a literal or an "event.…" var, not a computed value',
    sv: '"balance" läser sina argument före körningen: vart och ett måste vara ett fast värde eller en var "event.…", inte ett beräknat värde',
  },
  'expression.balance_argument': { en: '"balance": {problem}', sv: '"balance": {problem}' },
  'expression.balances_limit': { en: 'The rule reads {count} balances; at most {max} per run', sv: 'Regeln läser {count} saldon; högst {max} per körning' },
  'expression.operations_exceeded': {
    en: 'The evaluation needs more than {max} operations (items visited in loops, elements and characters built, compared or scanned)',
    sv: 'Beräkningen kräver fler än {max} operationer (poster i loopar, element och tecken som byggs, jämförs eller genomsöks)',
  },
  'expression_part.range': { en: '{min} to {max}', sv: '{min} till {max}' },
  // ── SIE import warnings (runtime/formats/sie/parse-sie.ts, runtime/ledger/sie.ts, sie-fidelity.ts): written in English,
  // recognised by these texts word for word when POST …/sie answers in Swedish (runtime/ledger/sie-language.ts)
  'sie_warning.first_at': {
    en: '{message} (first at line {line}; later lines are not reported)',
    sv: '{message} (första gången på rad {line}; senare rader rapporteras inte)',
  },
  'sie_warning.unknown_label_in_voucher': { en: 'unknown label {label} inside a voucher is ignored', sv: 'okänd post {label} i en verifikation hoppas över' },
  'sie_warning.unquoted_text_joined': { en: '{label} holds unquoted text with spaces; the words are joined', sv: '{label} har text med mellanslag utan citattecken; orden slås ihop' },
  'sie_warning.flag_not_first': { en: '#FLAGGA should be the first record', sv: '#FLAGGA ska vara den första posten' },
  'sie_warning.already_imported': { en: '#FLAGGA 1: the file is marked as already imported', sv: '#FLAGGA 1: filen är markerad som redan importerad' },
  'sie_warning.invalid_fiscal_year': { en: '#RAR {index} has no start or end date and is ignored', sv: '#RAR {index} saknar start- eller slutdatum och hoppas över' },
  'sie_warning.duplicate_account': { en: 'account {account} is declared again; the later name is kept', sv: 'konto {account} deklareras igen; det senare namnet behålls' },
  'sie_warning.unknown_label': { en: 'unknown label {label} is ignored', sv: 'okänd post {label} hoppas över' },
  'sie_warning.period_fields_swapped': {
    en: '{label} has the account before the period; read as period {period}, account {account}',
    sv: '{label} har kontot före perioden; läst som period {period}, konto {account}',
  },
  'sie_warning.missing_object_list_account': { en: '{label} has no object list {}; read as the whole account', sv: '{label} saknar objektlista {}; läst som hela kontot' },
  'sie_warning.missing_object_list': { en: '{label} has no object list {}; read without objects', sv: '{label} saknar objektlista {}; läst utan objekt' },
  'sie_warning.empty_voucher': { en: 'voucher {voucher} has no transactions', sv: 'verifikation {voucher} har inga transaktioner' },
  'sie_warning.rtrans_without_trans': {
    en: '#RTRANS is not followed by an identical #TRANS; it is counted as a row',
    sv: '#RTRANS följs inte av en likadan #TRANS; den räknas som en rad',
  },
  'sie_warning.missing_record': { en: 'the file has no {label} record ({what})', sv: 'filen saknar posten {label} ({what})' },
  'sie_warning.undeclared_account': { en: 'account {account} is used but not declared with #KONTO', sv: 'konto {account} används men deklareras inte med #KONTO' },
  'sie_warning.undeclared_object': {
    en: 'object "{object}" in dimension {dimension} is used but not declared with #OBJEKT',
    sv: 'objekt "{object}" i dimension {dimension} används men deklareras inte med #OBJEKT',
  },
  'sie_warning.file_kind_mismatch': {
    en: 'the name says .SE but the file holds vouchers and no balances; read as 4I',
    sv: 'namnet säger .SE men filen innehåller verifikationer och inga saldon; läst som 4I',
  },
  'sie_warning.opening_not_zero': {
    en: 'The opening balances (#IB) of year {index} do not net to zero: they differ by {amount} (often the previous year\'s result, not yet booked to equity)',
    sv: 'De ingående balanserna (#IB) för år {index} går inte jämnt ut: de skiljer {amount} (ofta föregående års resultat, ännu inte bokfört mot eget kapital)',
  },
  'sie_warning.opening_exists': {
    en: 'Opening balance for {account} in {year} already exists; kept the existing one',
    sv: 'Ingående balans för {account} år {year} finns redan; den befintliga behålls',
  },
  'sie_warning.voucher_no_amounts': { en: 'Voucher {voucher} has no amounts to post; skipped', sv: 'Verifikation {voucher} har inga belopp att bokföra; hoppas över' },
  'sie_warning.balances_not_kept': {
    en: 'Balances for year {index} were not kept: the file has no #RAR {index2} saying which fiscal year that is',
    sv: 'Saldona för år {index} sparades inte: filen har ingen #RAR {index2} som säger vilket räkenskapsår det är',
  },
  'sie_part.flag': { en: 'flag', sv: 'flagga' },
  'sie_part.program': { en: 'program', sv: 'program' },
  'sie_part.format': { en: 'format', sv: 'format' },
  'sie_part.sie_type': { en: 'SIE type (1 is assumed)', sv: 'SIE-typ (1 antas)' },
  'sie_part.company_name': { en: 'company name', sv: 'företagsnamn' },
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
