/**
 * Swedish texts of the node types, keyed by node type id (stored data, never
 * renamed) and then by form field key, output id and option value. The
 * descriptors in shared/nodes/ keep their English meaning; the designer picks
 * these at display time (see nodeTexts in i18n.ts). A type or field missing
 * here shows the descriptor's English.
 */
export interface NodeTexts {
  label: string;
  description: string;
  fields?: Record<string, { label?: string; help?: string; placeholder?: string; options?: Record<string, string> }>;
  outputs?: Record<string, string>;
}

export const nodeTextsSv: Record<string, NodeTexts> = {
  'bank-line-imported': {
    label: 'Bankrad importerad',
    description: 'Startar för varje rad i kontoutdraget som kommer in (API, camt.053, BgMax).',
    outputs: { out: 'sedan' },
  },
  'manual-run': {
    label: 'Manuell körning',
    description: 'Startas av en person från designern eller API:et, med en händelse som hen anger.',
    outputs: { out: 'sedan' },
  },
  condition: {
    label: 'Villkor',
    description: 'Följer grenen "sant" när JSON Logic-uttrycket är sant, annars "falskt".',
    fields: { expression: { label: 'Villkor', help: 'Bygg det av utlösarens fält, eller skriv JSON Logic: {"<": [{"var": "event.amountMinor"}, 0]}' } },
    outputs: { true: 'sant', false: 'falskt' },
  },
  'post-voucher': {
    label: 'Bokför verifikation',
    description: 'Bokför en balanserad verifikation i huvudboken utifrån en mall med rader.',
    fields: {
      series: { label: 'Verifikationsserie', help: 'E är automatiseringarnas serie' },
      text: { label: 'Verifikationstext', help: 'Skriv {{event.text}} för att infoga ett fält från händelsen' },
      date: { label: 'Verifikationsdatum (JSON Logic)' },
      counterparty: {
        label: 'Motpart', placeholder: 'Från händelsen',
        help: 'Vem affärshändelsen var med (BFL 5:7). Tomt: bankradens motpart, eller fakturans leverantör eller kund. Skriv {{event.…}} för att infoga ett fält från händelsen',
      },
      lines: { label: 'Rader', help: 'Belopp är JSON Logic i öre; lämna ett belopp tomt så tar det den balanserande resten. '
        + 'Ett konto är fast, eller JSON Logic som ger ett, t.ex. {"var": "event.bankAccount"} för bankradens eget konto' },
    },
    outputs: { ok: 'bokförd', error: 'avvisad' },
  },
  'match-payment': {
    label: 'Matcha betalning',
    description: 'Matchar en inbetalning mot öppna kundfakturor (OCR, fakturanummer i texten, belopp och betalarens namn, '
      + 'flera fakturor från samma kund) och bokför regleringen: debet bankradens konto, kredit varje fakturas kundfordran.',
    fields: {
      thresholdScore: { label: 'Säkerhetströskel (0–1)', help: 'En matchning reglerar fakturor bara med minst detta värde; 1 = bara exakt OCR, 0,8 = även fakturanummer eller namn och belopp' },
      dateWindowDays: { label: 'Datumfönster (dagar)', help: 'En matchning på namn och belopp kräver betalningen inom så många dagar från fakturans fakturadatum och förfallodatum' },
      allowPartial: { label: 'Tillåt delbetalningar', help: 'En mindre betalning reglerar en del av fakturan; resten förblir öppen' },
      allowOverpayment: { label: 'Tillåt överbetalningar', help: 'En större betalning reglerar fakturan och bokar överskottet som kundtillgodohavande' },
      invoicesMax: { label: 'Högst antal fakturor per betalning', help: 'En betalning får reglera flera fakturor från samma kund; 1 stänger av det' },
      series: { label: 'Verifikationsserie', help: 'D är bankens serie' },
      excessAccount: { label: 'Konto för överbetalning', help: '2420 Förskott från kunder som standard' },
    },
    outputs: { matched: 'reglerad', unmatched: 'ej matchad', error: 'avvisad' },
  },
  'flag-for-review': {
    label: 'Skicka till granskning',
    description: 'Lägger händelsen i inkorgen Att hantera med ett skäl, så att en person tar hand om den.',
    fields: { reason: { label: 'Skäl som visas i inkorgen' } },
    outputs: { ok: 'flaggad' },
  },
  'supplier-invoice-arrived': {
    label: 'Leverantörsfaktura inkommen',
    description: 'Startar för varje inkommande leverantörsfaktura (PEPPOL, PDF, API), med dess rader.',
    outputs: { out: 'sedan' },
  },
  switch: {
    label: 'Växel',
    description: 'Följer grenen för det första fallet vars JSON Logic-uttryck är sant, annars "default".',
    fields: { cases: { label: 'Fall (första sanna vinner)', help: 'Varje fall är en gren (dess id namnger grenen på ytan) med ett villkor; det första fallet som gäller vinner, annars "default".' } },
    outputs: { default: 'annars' },
  },
  'for-each': {
    label: 'För varje',
    description: 'Kör stegen efter "varje" en gång per post i en lista (t.ex. fakturarader) och fortsätter sedan från "klar".',
    fields: {
      items: { label: 'Poster (JSON Logic som ger en lista)', help: 'I loopen läses posten med {"var": "item.amountMinor"} och dess plats med {"var": "index"}' },
      itemsMax: { label: 'Högst så här många poster' },
    },
    outputs: { each: 'varje post', done: 'klar' },
  },
  'webhook-received': {
    label: 'Signerad webhook mottagen',
    description: 'Startar för varje verifierad leverans till en webhook-adress för denna utlösare; JSON-innehållet är event.payload.',
    outputs: { out: 'sedan' },
  },
  schedule: {
    label: 'Schema',
    description: 'Startar enligt ett cron-mönster eller ett datum i perioden (t.ex. första arbetsdagen varje månad), i företagets tidszon.',
    fields: {
      mode: { label: 'Upprepa', options: { cron: 'Enligt ett cron-mönster', fiscal: 'Ett datum i varje period (månad)' } },
      cron: { label: 'Cron-mönster', help: 'Används vid upprepning enligt cron-mönster. minut timme dag-i-månaden månad veckodag, i lokal tid: '
        + '"0 6 * * 1-5" = vardagar kl. 06:00, "0 7 1 * *" = den 1:a varje månad kl. 07:00, "*/15 * * * *" = var 15:e minut. '
        + 'Sex fält sätter sekunder först.' },
      fiscal: { label: 'Dag i perioden', help: 'Används vid upprepning på ett datum i varje period. Arbetsdagar är måndag–fredag utom svenska helgdagar.',
        options: { first_working_day_of_period: 'Första arbetsdagen', first_day_of_period: 'Första dagen', last_day_of_period: 'Sista dagen' } },
      time: { label: 'Klockan (lokal tid)', help: 'TT:MM, används vid upprepning på ett datum i varje period' },
      catchUp: { label: 'Missade körningar', help: 'Vad som görs med tillfällen som missades medan tjänsten låg nere',
        options: { once: 'Kör den senaste missade en gång', each: 'Kör varje missad (upp till gränsen)', skip: 'Hoppa över dem' } },
      catchUpMax: { label: 'Ta igen högst' },
    },
    outputs: { out: 'sedan' },
  },
};
