import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../bank-statement.ts';
import { StatementRefusal } from '../bank-statement.ts';
import { decodeXml, parseXml, type XmlValue } from './xml.ts';

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

  it('hands streamed elements over as they close, with the path and the tree so far, and keeps only what is asked', () => {
    const seen: { name: string; value: XmlValue; path: string; parentKeys: string[] }[] = [];
    const tree = parseXml('<Document><Stmt><Id>1</Id><Ntry><Amt Ccy="SEK">1</Amt><!-- </Ntry> --></Ntry><Ntry><![CDATA[a<b]]></Ntry></Stmt></Document>', {
      names: new Set(['Ntry', 'Stmt']),
      element: (name, value, path, nodes) => {
        seen.push({ name, value, path: path.join('/'), parentKeys: Object.keys(nodes[nodes.length - 1]) });
        return name === 'Stmt';
      },
    });
    expect(seen).toEqual([
      { name: 'Ntry', value: { Amt: { '#text': '1', '@_Ccy': 'SEK' } }, path: 'Document/Stmt', parentKeys: ['Id', 'Ntry'] },
      { name: 'Ntry', value: 'a<b', path: 'Document/Stmt', parentKeys: ['Id'] },
      { name: 'Stmt', value: { Id: '1' }, path: 'Document', parentKeys: ['Stmt'] },
    ]);
    expect(tree).toEqual({ Document: { Stmt: [{ Id: '1' }] } });
  });

  it('throws a refusal from a streamed element only once the rest is read well-formed (malformed XML wins)', () => {
    const stream = {
      names: new Set(['Ntry']),
      element: () => { throw new StatementRefusal('invalid_value', 'Ntry[1]', null, 'no'); },
    };
    expect(refusal(() => parseXml('<Document><Ntry/><Ntry/></Document>', stream)).code).toBe('invalid_value');
    expect(refusal(() => parseXml('<Document><Ntry/><Ntry></Document>', stream)).code).toBe('malformed_xml');
  });

  it('refuses elements nested too deep', () => {
    expect(refusal(() => parseXml(`${'<a>'.repeat(70)}${'</a>'.repeat(70)}`)).code).toBe('malformed_xml');
  });

  it('refuses element names that would reach Object.prototype', () => {
    expect(refusal(() => parseXml('<Document><constructor>1</constructor></Document>')).code).toBe('malformed_xml');
  });
});

describe('entities', () => {
  it('decodes the predefined entities and character references, in text and attributes', () => {
    const tree = parseXml('<a b="&quot;x&quot;"><c>Kund &amp; Co &lt;AB&gt; &apos;y&apos;</c><d>&#228;&#xF6;</d><e>&amp;lt;</e></a>');
    expect(tree).toEqual({ a: { '@_b': '"x"', c: 'Kund & Co <AB> \'y\'', d: 'äö', e: '&lt;' } });
  });

  it('refuses any other entity as malformed (nothing is expanded)', () => {
    const error = refusal(() => parseXml('<a>&lol;</a>'));
    expect(error.code).toBe('malformed_xml');
    expect(error.message).toContain('undefined entity');
  });
});
