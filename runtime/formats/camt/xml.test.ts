import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../bank-statement.ts';
import { decodeXml, parseXml, parseXmlFragment, xmlText } from './xml.ts';

const refusal = refusalOf;

describe('decodeXml', () => {
  it('follows the BOM and the declared encoding', () => {
    expect(decodeXml(Buffer.from('\uFEFF<a>å</a>', 'utf8'))).toBe('<a>å</a>');
    expect(decodeXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>ö</a>', 'utf16le')]))).toBe('<a>ö</a>');
    const latin = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><a>Müller</a>', 'latin1');
    expect(decodeXml(latin)).toContain('<a>Müller</a>');
    expect(decodeXml(Buffer.from("<?xml version='1.0' encoding='utf-8'?><a>ä</a>"))).toContain('<a>ä</a>');
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is declared, with the line', () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<a>\nM'), Buffer.from([0xfc]), Buffer.from('ller</a>')]);
    const error = refusal(() => decodeXml(bytes));
    expect(error.code).toBe('invalid_encoding');
    expect(error.where).toBe('line 3, column 2');
  });

  it('refuses an encoding it does not know', () => {
    expect(refusal(() => decodeXml(Buffer.from('<?xml version="1.0" encoding="EBCDIC-CP-US"?><a/>'))).code).toBe('invalid_encoding');
  });
});

describe('parseXml', () => {
  it('refuses a DOCTYPE or ENTITY declaration outright, with line and column', () => {
    const laughs = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<Document>&lol2;</Document>';
    const error = refusal(() => parseXml(laughs));
    expect(error.code).toBe('doctype_forbidden');
    expect(error.where).toBe('line 2, column 1');
    const xxe = '<?xml version="1.0"?><Document><!ENTITY xxe SYSTEM "file:///etc/passwd"></Document>';
    expect(refusal(() => parseXml(xxe)).code).toBe('doctype_forbidden');
  });

  it('refuses malformed XML with the validator\'s line and column', () => {
    const error = refusal(() => parseXml('<Document>\n  <Stmt>\n    <Id>1</Id>\n  </Stmnt>\n</Document>'));
    expect(error.code).toBe('malformed_xml');
    expect(error.where).toMatch(/^line 4, column \d+$/);
    expect(error.message).toContain('Stmt');
    expect(refusal(() => parseXml('<Document><a></Document>')).code).toBe('malformed_xml');
    expect(refusal(() => parseXml('')).code).toBe('malformed_xml');
    expect(refusal(() => parseXml('<a>1</a><b>2</b>')).code).toBe('malformed_xml');
  });

  it('keeps values as strings, attributes, and cuts namespace prefixes but keeps xmlns', () => {
    const tree = parseXml('<c:Document xmlns:c="urn:x"><c:Stmt><c:Id>007</c:Id><c:Amt Ccy="EUR">1.50</c:Amt></c:Stmt></c:Document>');
    expect(tree).toEqual({ Document: { '@_xmlns:c': 'urn:x', Stmt: [{ Id: '007', Amt: { '#text': '1.50', '@_Ccy': 'EUR' } }] } });
  });

  it('leaves each Ntry raw for parseXmlFragment, which reads it (comments and CDATA included)', () => {
    const tree = parseXml('<Document><Stmt><Ntry><Amt Ccy="SEK">1</Amt><!-- </Ntry> --></Ntry><Ntry/></Stmt></Document>');
    const entries = ((tree.Document as Record<string, unknown>).Stmt as Record<string, unknown>[])[0].Ntry as string[];
    expect(entries).toHaveLength(2);
    expect(typeof entries[0]).toBe('string');
    expect(parseXmlFragment(entries[0], 'Ntry[1]')).toEqual({ Amt: { '#text': '1', '@_Ccy': 'SEK' } });
  });

  it('refuses element names that would reach Object.prototype', () => {
    expect(refusal(() => parseXml('<Document><constructor>1</constructor></Document>')).code).toBe('malformed_xml');
  });
});

describe('xmlText', () => {
  it('decodes the predefined entities and character references and nothing else', () => {
    expect(xmlText('Kund &amp; Co &lt;AB&gt; &quot;x&quot; &apos;y&apos;')).toBe('Kund & Co <AB> "x" \'y\'');
    expect(xmlText('&#228;&#xF6;')).toBe('äö');
    expect(xmlText('&lol; &#0; &#xD800;')).toBe('&lol; &#0; &#xD800;');
    expect(xmlText('&amp;lt;')).toBe('&lt;');
  });
});
