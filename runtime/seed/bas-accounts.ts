/**
 * A realistic subset of the BAS chart of accounts (Swedish names, as in the
 * BAS 2024/2025 plans) for a small Swedish aktiebolag. Written by hand for the
 * demo company; a full chart comes in through a SIE import.
 */
export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

export const basAccounts: [number: string, name: string, vatCode?: string][] = [
  ['1210', 'Maskiner och andra tekniska anläggningar'],
  ['1219', 'Ackumulerade avskrivningar på maskiner och andra tekniska anläggningar'],
  ['1220', 'Inventarier och verktyg'],
  ['1229', 'Ackumulerade avskrivningar på inventarier och verktyg'],
  ['1250', 'Datorer'],
  ['1259', 'Ackumulerade avskrivningar på datorer'],
  ['1460', 'Lager av handelsvaror'],
  ['1510', 'Kundfordringar'],
  ['1513', 'Kundfordringar – delad faktura'],
  ['1515', 'Osäkra kundfordringar'],
  ['1580', 'Fordringar för kontokort och frikort'],
  ['1630', 'Avräkning för skatter och avgifter (skattekonto)'],
  ['1650', 'Momsfordran'],
  ['1710', 'Förutbetalda hyreskostnader'],
  ['1790', 'Övriga förutbetalda kostnader och upplupna intäkter'],
  ['1910', 'Kassa'],
  ['1920', 'PlusGiro'],
  ['1930', 'Företagskonto / checkkonto / affärskonto'],
  ['1940', 'Övriga bankkonton'],
  ['2081', 'Aktiekapital'],
  ['2091', 'Balanserad vinst eller förlust'],
  ['2098', 'Vinst eller förlust från föregående år'],
  ['2099', 'Årets resultat'],
  ['2350', 'Andra långfristiga skulder till kreditinstitut'],
  ['2420', 'Förskott från kunder'],
  ['2440', 'Leverantörsskulder'],
  ['2510', 'Skatteskulder'],
  ['2611', 'Utgående moms på försäljning inom Sverige, 25 %'],
  ['2614', 'Utgående moms omvänd skattskyldighet, 25 %'],
  ['2615', 'Utgående moms import av varor, 25 %'],
  ['2621', 'Utgående moms på försäljning inom Sverige, 12 %'],
  ['2631', 'Utgående moms på försäljning inom Sverige, 6 %'],
  ['2641', 'Debiterad ingående moms'],
  ['2645', 'Beräknad ingående moms på förvärv från utlandet'],
  ['2650', 'Redovisningskonto för moms'],
  ['2710', 'Personalskatt'],
  ['2731', 'Avräkning lagstadgade sociala avgifter'],
  ['2890', 'Övriga kortfristiga skulder'],
  ['2910', 'Upplupna löner'],
  ['2920', 'Upplupna semesterlöner'],
  ['2990', 'Övriga upplupna kostnader och förutbetalda intäkter'],
  ['3001', 'Försäljning inom Sverige, 25 % moms', 'MP1'],
  ['3002', 'Försäljning inom Sverige, 12 % moms', 'MP2'],
  ['3003', 'Försäljning inom Sverige, 6 % moms', 'MP3'],
  ['3004', 'Försäljning inom Sverige, momsfri', 'MF'],
  ['3105', 'Försäljning varor till land utanför EU', 'EXP'],
  ['3106', 'Försäljning varor till annat EU-land, momsfri', 'EUVF'],
  ['3308', 'Försäljning tjänster till annat EU-land', 'EUTF'],
  ['3740', 'Öres- och kronutjämning'],
  ['3960', 'Valutakursvinster på fordringar och skulder av rörelsekaraktär'],
  ['4010', 'Inköp material och varor', 'I25'],
  ['4531', 'Import tjänster från land utanför EU, 25 % moms', 'OTU'],
  ['4535', 'Inköp av tjänster från annat EU-land, 25 %', 'EUTI'],
  ['5010', 'Lokalhyra'],
  ['5020', 'El för belysning', 'I25'],
  ['5060', 'Städning och renhållning', 'I25'],
  ['5410', 'Förbrukningsinventarier', 'I25'],
  ['5460', 'Förbrukningsmaterial', 'I25'],
  ['5611', 'Drivmedel för personbilar', 'I25'],
  ['5800', 'Resekostnader', 'I25'],
  ['5831', 'Kost och logi i Sverige', 'I12'],
  ['5910', 'Annonsering', 'I25'],
  ['6071', 'Representation, avdragsgill', 'I25'],
  ['6110', 'Kontorsmateriel', 'I25'],
  ['6212', 'Mobiltelefon', 'I25'],
  ['6230', 'Datakommunikation', 'I25'],
  ['6250', 'Postbefordran', 'I25'],
  ['6310', 'Företagsförsäkringar'],
  ['6530', 'Redovisningstjänster', 'I25'],
  ['6540', 'IT-tjänster', 'I25'],
  ['6570', 'Bankkostnader'],
  ['6991', 'Övriga externa kostnader, avdragsgilla', 'I25'],
  ['7010', 'Löner till kollektivanställda'],
  ['7210', 'Löner till tjänstemän'],
  ['7290', 'Förändring av semesterlöneskuld'],
  ['7510', 'Arbetsgivaravgifter 31,42 %'],
  ['7832', 'Avskrivningar på inventarier och verktyg'],
  ['7834', 'Avskrivningar på datorer'],
  ['7960', 'Valutakursförluster på fordringar och skulder av rörelsekaraktär'],
  ['8310', 'Ränteintäkter från omsättningstillgångar'],
  ['8410', 'Räntekostnader för långfristiga skulder'],
  ['8423', 'Räntekostnader för skatter och avgifter'],
  ['8910', 'Skatt som belastar årets resultat'],
  ['8999', 'Årets resultat'],
];

/** Account type from the BAS class (first digit) and group. */
export function basAccountType(number: string): AccountType {
  const first = number[0];
  if (first === '1') return 'asset';
  if (first === '2') return number.startsWith('20') ? 'equity' : 'liability';
  if (first === '3') return 'revenue';
  if (number.startsWith('83')) return 'revenue';
  return 'expense';
}

/** The standard VAT codes of a new company; baseBox and vatBox: Skatteverket's boxes (runtime/ledger/vat.ts; migration 0029 set them on older companies). */
export const demoVatCodes = [
  { code: 'MP1', name: 'Utgående moms 25 %', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611', inputAccount: null, baseBox: '05', vatBox: '10' },
  { code: 'MP2', name: 'Utgående moms 12 %', rateBasisPoints: 1200, kind: 'output', outputAccount: '2621', inputAccount: null, baseBox: '05', vatBox: '11' },
  { code: 'MP3', name: 'Utgående moms 6 %', rateBasisPoints: 600, kind: 'output', outputAccount: '2631', inputAccount: null, baseBox: '05', vatBox: '12' },
  { code: 'MF', name: 'Momsfri försäljning', rateBasisPoints: 0, kind: 'exempt', outputAccount: null, inputAccount: null, baseBox: '42', vatBox: null },
  { code: 'EXP', name: 'Export utanför EU, 0 %', rateBasisPoints: 0, kind: 'exempt', outputAccount: null, inputAccount: null, baseBox: '36', vatBox: null },
  { code: 'EUVF', name: 'Varuförsäljning till annat EU-land', rateBasisPoints: 0, kind: 'eu_goods', outputAccount: null, inputAccount: null, baseBox: '35', vatBox: null },
  { code: 'EUTF', name: 'Tjänsteförsäljning till annat EU-land', rateBasisPoints: 0, kind: 'eu_services', outputAccount: null, inputAccount: null, baseBox: '39', vatBox: null },
  { code: 'I25', name: 'Ingående moms 25 %', rateBasisPoints: 2500, kind: 'input', outputAccount: null, inputAccount: '2641', baseBox: null, vatBox: '48' },
  { code: 'I12', name: 'Ingående moms 12 %', rateBasisPoints: 1200, kind: 'input', outputAccount: null, inputAccount: '2641', baseBox: null, vatBox: '48' },
  { code: 'I6', name: 'Ingående moms 6 %', rateBasisPoints: 600, kind: 'input', outputAccount: null, inputAccount: '2641', baseBox: null, vatBox: '48' },
  { code: 'OTU', name: 'Omvänd skattskyldighet, tjänster utanför EU, 25 %', rateBasisPoints: 2500, kind: 'reverse_charge', outputAccount: '2614', inputAccount: '2645', baseBox: '22', vatBox: '30' },
  { code: 'EUTI', name: 'Tjänsteförvärv från annat EU-land, 25 %', rateBasisPoints: 2500, kind: 'eu_services', outputAccount: '2614', inputAccount: '2645', baseBox: '21', vatBox: '30' },
  { code: 'EUVI', name: 'Varuförvärv från annat EU-land, 25 %', rateBasisPoints: 2500, kind: 'eu_goods', outputAccount: '2614', inputAccount: '2645', baseBox: '20', vatBox: '30' },
] as const;

/** The standard VAT codes as rows of a company: what POST /api/companies, the demo and a company created by SIE import get. */
export function standardVatCodeRows(companyId: string) {
  return demoVatCodes.map((v) => ({ companyId, ...v }));
}
