/**
 * The layout of the balance sheet (balansräkning) and the income statement
 * (resultaträkning), as data: which BAS accounts go under which heading, in
 * the order and with the names of the K2/K3 schedules (ÅRL bilaga 2–3, the
 * cost-by-nature income statement). Read by statements.ts; nothing else
 * decides where an account is shown.
 *
 * Account ranges are inclusive and compared as four-digit strings. Every
 * account falls in exactly one group of exactly one statement (asserted in
 * statements.test.ts): classes 1–2 in the balance sheet, everything else in
 * the income statement (isBalanceSheetAccount below, which the year-end close
 * uses too), so that the income statement's result is exactly the "Årets
 * resultat" line in the balance sheet's equity and the result the close books.
 *
 * Signs: the ledger keeps debit positive, credit negative. A statement shows
 * a section with `sign: -1` negated, so income, equity and liabilities read
 * positive and costs negative (the result is then the plain sum).
 */

export type AccountRange = readonly [from: string, to: string];

/**
 * The one rule of which statement an account belongs to, shared with the year-end close
 * (year-end.ts): BAS classes 1–2 are the balance sheet; everything else is the result — classes
 * 3–8, with class 8's financial items (80–87), appropriations (88) and tax (89) — and also the
 * accounts outside BAS (class 0, class 9 internal accounts), so that nothing with a balance is left
 * behind when a year is closed: the close moves the whole result, theirs included, onto 2099.
 */
export const isBalanceSheetAccount = (account: string): boolean => account.startsWith('1') || account.startsWith('2');
export const isResultAccount = (account: string): boolean => !isBalanceSheetAccount(account);

export type LayoutNode =
  /** a heading with its own children and, when `totalLabel` is given, a total after them; left out when none of its groups is shown */
  | { kind: 'section'; key: string; label: string; totalLabel?: string; showWhenEmpty?: boolean; children: readonly LayoutNode[] }
  /** the accounts in `accounts`, each on its own line, and their sum; left out when no account has a figure */
  | { kind: 'group'; key: string; label: string; accounts: readonly AccountRange[]; showWhenEmpty?: boolean; withYearResult?: boolean }
  /** the running sum of everything above it in the statement (shown only when group `onlyAfterGroup`, if given, is) */
  | { kind: 'subtotal'; key: string; label: string; onlyAfterGroup?: string };

export interface StatementLayout {
  title: string;
  /** 1: debit positive (as booked); -1: credit positive */
  sign: 1 | -1;
  /** top-level sections may override the sign (the balance sheet's equity and liabilities) */
  sections: readonly (LayoutNode & { sign?: 1 | -1 })[];
}

export const balanceSheetLayout: StatementLayout = {
  title: 'Balansräkning',
  sign: 1,
  sections: [
    {
      kind: 'section', key: 'assets', label: 'Tillgångar', totalLabel: 'Summa tillgångar', sign: 1, showWhenEmpty: true,
      children: [
        {
          kind: 'section', key: 'fixed_assets', label: 'Anläggningstillgångar', totalLabel: 'Summa anläggningstillgångar',
          children: [
            { kind: 'group', key: 'intangible_assets', label: 'Immateriella anläggningstillgångar', accounts: [['1000', '1099']] },
            { kind: 'group', key: 'tangible_assets', label: 'Materiella anläggningstillgångar', accounts: [['1100', '1299']] },
            { kind: 'group', key: 'financial_assets', label: 'Finansiella anläggningstillgångar', accounts: [['1300', '1399']] },
          ],
        },
        {
          kind: 'section', key: 'current_assets', label: 'Omsättningstillgångar', totalLabel: 'Summa omsättningstillgångar',
          children: [
            { kind: 'group', key: 'inventory', label: 'Varulager m.m.', accounts: [['1400', '1499']] },
            { kind: 'group', key: 'receivables', label: 'Kortfristiga fordringar', accounts: [['1500', '1799']] },
            { kind: 'group', key: 'short_term_investments', label: 'Kortfristiga placeringar', accounts: [['1800', '1899']] },
            { kind: 'group', key: 'cash_and_bank', label: 'Kassa och bank', accounts: [['1900', '1999']] },
          ],
        },
      ],
    },
    {
      kind: 'section', key: 'equity_and_liabilities', label: 'Eget kapital och skulder', totalLabel: 'Summa eget kapital och skulder', sign: -1, showWhenEmpty: true,
      children: [
        { kind: 'group', key: 'equity', label: 'Eget kapital', accounts: [['2000', '2099']], showWhenEmpty: true, withYearResult: true },
        { kind: 'group', key: 'untaxed_reserves', label: 'Obeskattade reserver', accounts: [['2100', '2199']] },
        { kind: 'group', key: 'provisions', label: 'Avsättningar', accounts: [['2200', '2299']] },
        { kind: 'group', key: 'long_term_liabilities', label: 'Långfristiga skulder', accounts: [['2300', '2399']] },
        { kind: 'group', key: 'current_liabilities', label: 'Kortfristiga skulder', accounts: [['2400', '2999']] },
      ],
    },
  ],
};

export const incomeStatementLayout: StatementLayout = {
  title: 'Resultaträkning',
  sign: -1,
  sections: [
    {
      kind: 'section', key: 'operating_income', label: 'Rörelsens intäkter', totalLabel: 'Summa rörelsens intäkter',
      children: [
        { kind: 'group', key: 'net_sales', label: 'Nettoomsättning', accounts: [['3000', '3799']] },
        { kind: 'group', key: 'other_operating_income', label: 'Övriga rörelseintäkter', accounts: [['3800', '3999']] },
      ],
    },
    {
      kind: 'section', key: 'operating_expenses', label: 'Rörelsens kostnader', totalLabel: 'Summa rörelsens kostnader',
      children: [
        { kind: 'group', key: 'goods_and_materials', label: 'Varor, material och tjänster', accounts: [['4000', '4999']] },
        { kind: 'group', key: 'other_external_expenses', label: 'Övriga externa kostnader', accounts: [['5000', '6999']] },
        { kind: 'group', key: 'personnel_expenses', label: 'Personalkostnader', accounts: [['7000', '7699']] },
        { kind: 'group', key: 'depreciation', label: 'Av- och nedskrivningar', accounts: [['7700', '7899']] },
        { kind: 'group', key: 'other_operating_expenses', label: 'Övriga rörelsekostnader', accounts: [['7900', '7999']] },
      ],
    },
    { kind: 'subtotal', key: 'operating_result', label: 'Rörelseresultat' },
    {
      kind: 'section', key: 'financial_items', label: 'Finansiella poster', totalLabel: 'Summa finansiella poster',
      children: [
        { kind: 'group', key: 'financial_items_accounts', label: 'Finansiella intäkter och kostnader', accounts: [['8000', '8799']] },
      ],
    },
    { kind: 'subtotal', key: 'result_after_financial_items', label: 'Resultat efter finansiella poster' },
    { kind: 'group', key: 'appropriations', label: 'Bokslutsdispositioner', accounts: [['8800', '8899']] },
    { kind: 'subtotal', key: 'result_before_tax', label: 'Resultat före skatt' },
    { kind: 'group', key: 'tax', label: 'Skatt', accounts: [['8900', '8989']] },
    /** outside BAS classes 1–8 (class 0, class 9 internal accounts): shown only when used */
    { kind: 'group', key: 'other_accounts', label: 'Övriga konton (utanför klass 1–8)', accounts: [['0000', '0999'], ['9000', '9999']] },
    { kind: 'subtotal', key: 'year_result', label: 'Årets resultat' },
    /** 8990–8999: the year-end entry that moves the result to equity (8999 against 2099); after it the line above is 0 */
    { kind: 'group', key: 'result_disposition', label: 'Resultatdisposition (bokfört årets resultat)', accounts: [['8990', '8999']] },
    { kind: 'subtotal', key: 'result_after_disposition', label: 'Resultat efter resultatdisposition', onlyAfterGroup: 'result_disposition' },
  ],
};
