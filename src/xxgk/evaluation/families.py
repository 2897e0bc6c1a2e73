"""The layout families of the eval: how a document was damaged on its way to us (a crawler's, a converter's,
an OCR's habit), each scored on its own. A fixture's family is the tag after the gold stem in its name."""

from __future__ import annotations

# layout families of damaged documents: the tag after the gold stem in a fixture's name
# (``000_….oneline-sparse.txt``), or ``layout_family`` in the gold file of a real document
LAYOUT_FAMILIES = {
    "oneline": "one line (scraped text nodes)",
    "oneline-sparse": "one line, blank cells dropped",
    "oneline-spaced": "one line, text nodes joined by spaces",
    "fragment": "HTML fragment",
    "cr": "CR / U+2028 / NEL line ends",
    "crawler": "crawler header lines",
    "pdf2md": "PDF converted to Markdown",
    "ocrmd": "OCR / vision-model Markdown",
    "div-grid": "web page whose tables are div/span or ul/li (no <table>)",
    "md-bold": "Markdown of a page laid out in a table: the article one pipe row with bold headings, tables after",
    "pdfium": "pypdfium2's get_text_range() (LangChain's PyPDFium2Loader)",
    "lo-html": "LibreOffice's HTML of a Word file: a body of <p> and <table>, an empty cell <p><br/></p>",
    "sorted-words": "PyMuPDF get_text(sort=True): a line's words padded by their gaps, columns not lined up",
    "empty-cells": "a cell a line, an empty cell an empty line (LibreOffice's text of a Word file, python-docx cells)",
    "page-spaced": "a whole page's text nodes joined by spaces (get_text(' ', strip=True)): blanks dropped, title inline",
    "nodes-a-line": "a whole page's text nodes a line (BeautifulSoup get_text('\\n', strip=True)): breadcrumb, info box",
    "inner-text": "a browser's innerText of tables whose cells hold paragraphs (the tab between cells on its own line)",
    "doubled-tabs": "cells between pairs of tabs (Resiliparse's plain text of a table)",
    "gb2312-dash": "a GBK page decoded as GB2312 (Python's codec): its dash A1AA read as U+2015",
    "tables-after-text": "a PDF page's text, then its tables as Markdown (pdfplumber: tables after later headings)",
    "untitled": "the article without its title (a CMS content field, readability)",
    "docx2python": "docx2python's text: cells between empty lines, a merged cell once a grid column",
    "pandas": "tables read by pandas.read_html and printed (to_markdown, to_string, to_csv: nan, 3.0, 0 1 2 …)",
    "front-matter": "Markdown of a whole page under a YAML front matter from its <title> and <meta> (html-to-markdown)",
    "menu-lines": "a page's text with its menu an item a line, its information box on one line (unstructured)",
    "ocr-lines": "OCR text of a scan, a box a line (RapidOCR)",
    "ocr-rows": "OCR text of a scan, boxes grouped into rows (RapidOCR)",
    "tsv": "plain text from a word processor or a paste: table rows as tab-separated cells",
    "text-browser": "web page dumped by a text browser (tables in columns of spaces)",
    "pdftotext": "pdftotext -layout (poppler)",
    "pdftotext-raw": "pdftotext in reading order (labels apart from numbers, columns)",
    "pdftext-layout": "PDF text in layout mode (pdftotext -layout)",
    "pdftext-wide": "PDF text in display columns (a CJK character two columns)",
    "pdftext-plain": "PDF text in reading order, words joined by spaces (pdfplumber extract_text)",
    "md-html": "Markdown with HTML tables (layout / vision-model PDF converters: MinerU, PaddleOCR)",
    "md-pipe": "web page or Word file as pipe Markdown (markitdown): merged cells as empty cells, rowspans dropped",
    "ruled": "tables drawn with rules and bars (w3m's box drawing, pandoc's grid tables): labels wrapped in cells",
    "html2text": "web page through html2text: rows of cells between bars, an information box as such a row",
    "pymupdf": "PDF text by PyMuPDF get_text() (LangChain's PyMuPDFLoader): a cell a line, a label glued to a number",
    "python-docx": "Word file through python-docx (row.cells): a merged cell repeated for every grid column it spans",
    "pypdf": "PDF text by pypdf (LangChain's PyPDFLoader): a label glued to its row's first number, units apart",
    "docx2txt": "Word file through docx2txt (LangChain's Docx2txtLoader): a paragraph per cell, empty cells as empty lines",
    "pdfminer": "PDF text by pdfminer (markitdown's PDF path): labels then numbers one a line, blocks by columns",
    "beside": "another column's text on a row's line (PDF text sorted by height): a heading or caption after the numbers",
    "get-text": "BeautifulSoup get_text(): text nodes joined with nothing, a row a line with its cells run together",
    "md-escaped": "Markdown with its punctuation backslash-escaped (markdownify 0.13, markitdown): \\+38, 1\\.属于",
    "banner": "a page's text with the site's banner (its owner's or its own name) above a title without the agency",
    "report-list": "a page's text with the site's list of its reports (other years' titles) above the article",
    "regex-strip": "tags stripped by a regular expression: character references left (&nbsp;), cells run together",
    "rtf": "a Word file saved as RTF (pandoc, Word, WPS), often named .doc: CJK as \\uN or code-page bytes",
    "escaped-markup": "article markup stored HTML-escaped (&lt;p&gt;…): a CMS field, an API's JSON, a page source",
    "page-count": "PDF text with a running header and a '第 3 页 共 6 页' footer on every page, breaking tables",
    "alt-chunk": "a page exported to Word (html-docx-js): a .docx whose body is the page as an embedded MHTML part",
    "mhtml": "a web page saved as one file (MHTML / .mht): the page a quoted-printable MIME part",
    "mojibake": "a page's bytes read as Latin-1 / Windows-1252 by a crawler and saved as UTF-8 (Õþ¸® for 政府)",
    "col-names": "PyMuPDF's Markdown of a table continued on a page: its columns named Col1, Col2 … over a cut label's "
                 "rest",
    "wrapped-digits": "PDF text, a cell a line, of a table printed narrow: a number wrapped in its cell (30 as 3 / 0)",
    "displaced": "PDF text of a table printed narrow: a row's numbers end the header line above its label",
    "blocks": "PyMuPDF's text blocks joined by line breaks: an empty line after every block, cells a line or together",
    "index-column": "a table's first column 序号 numbering its rows (1, 2, 3 …), an agency's habit (Word, HTML)",
    "annotated": "a spam mirror's copy: pinyin in brackets after characters (公(gōng)开, 清溪县(xiàn)), labels too",
    "variant-words": "the template's words in the other spelling agencies use: 其它处理, 部份公开",
    "paren-headings": "the six sections numbered as sub-items: （一）总体情况 … （六）其他需要报告的事项",
    "xml-tables": "trafilatura's XML output: the article in <doc><main>, tables as <row>/<cell> without spans",
    "asciidoc": "AsciiDoc tables (pandoc -t asciidoc): |=== fences, a bar opening each cell, rows wrapped over lines",
    "word-html": "Word's web page: a row of no height after each table (<tr height=0>, an empty cell a column)",
    "nested-spaced": "a table in a layout table, the page's text nodes joined by a space (get_text(' '))",
    "source-spaces": "a page written a tag a line through lxml's text_content(): its indentation as lines of spaces",
    "zero-words": "zeros written as characters in the tables' cells: 〇 (the numeral) or 零",
    "list-rows": "tables printed row by row as Python or JSON lists (pdfplumber's extract_tables(), str/json.dumps)",
    "rstripped": "every line's trailing whitespace stripped (an editor's trim on save, line.rstrip()): the tab "
                 "layout's blank cells, a tab alone, left as empty lines like the line between two rows",
    "stripped": "every line stripped of its spaces both ends (line.strip()): a tab-layout table's tabs gone, a cell a "
                "line, blank cells and the line between two rows alike empty",
    "no-empty-lines": "the empty lines taken out (re.sub(r'\\n+', '\\n')): a tab-layout table's rows no longer apart",
    "stripped-layout": "layout text with every line stripped both ends (line.strip()): a line of numbers only no longer "
                       "under the columns of the rows around it",
    "amp-escaped": "a text escaped twice on its way (a CMS, then a crawler): each blank cell's no-break space printed "
                   "&amp;nbsp;",
    "doubled-breaks": "every line break doubled, an empty line after every line (CR CR LF read as two breaks, lines "
                      "joined by an empty line): a one-cell-a-line table's cells each alone, an empty cell three lines",
    "gzip": "a page or text saved gzip-compressed: the server's Content-Encoding kept by the crawler (curl -o)",
    "utf16": "a page or text saved as Windows' \"Unicode\": UTF-16 with a BOM (Notepad) or without one (.NET, Java)",
    "nul-padded": "a text followed by NUL bytes (a download preallocated and cut short, a damaged copy)",
    "clipped-columns": "a Word file's tables wider than its page (A5 set after an A4 layout): the PDF export clips "
                       "their outer columns, rows print fewer numbers than cells (LibreOffice)",
    "sparse-layout": "pdftotext -layout of a Word table whose blank cells are empty: most rows print a few numbers or "
                     "none, each read in the column whose heading it stands under (LibreOffice)",
    "repeated-header": "a Word table split across pages with its header rows repeated on each (w:tblHeader), labels "
                       "cut in narrow cells, group labels two characters a line: the PDF and its pdftotext -layout",
    "joined-pages": "layout text whose pages run on with nothing to mark where one ends (pdfplumber's layout text page "
                    "by page joined by a line break, pdftotext's form feeds dropped): Word's repeated header rows mid-table",
    "raised-column": "layout text of a Word table whose 总计 cells stand a line above the rest of their rows (a font "
                     "substituted, rows that may split: LibreOffice's PDF): each total on a line of its own",
    "wrapped-halves": "layout text of a Word table 二 whose number columns are so narrow that every number wraps (3 / 0 "
                      "for 30), its upper halves on the line above the row's label: refused, never read as the row's",
    "pymupdf-spans": "PyMuPDF get_text() keeping every span on a line of its own: the title's year apart from it, "
                     "cells and sentences broken at every font change",
    "stale-header": "a Word file copied from last year's: its running header last year's title on every page of the "
                    "PDF, inside section 一 too (LibreOffice)",
    "meta-words": "titles, openings and signatures as agencies write them: 二0二0年, a notice's 关于印发…的通知, a date "
                  "before the title, last year's title, 将 for 把, 区委区政府, 发布机构：XX办公室, a sidebar of reports",
    "page-number": "a bare page number (3: Word's footer) between a table's two parts, as a paragraph or a row of "
                   "one cell (PDF-to-Word converters) or a line of its own",
    "df-index": "tables printed by pandas to_markdown(): a first column of row numbers 0, 1, 2 … (camelot, tabula)",
    "glued-cell": "a layout converter that moved a row's first number into its label's cell (<td>规章8</td><td></td>)",
    "org": "Org-mode tables (pandoc -t org): pipe rows under one |----+----| rule, links [[url][text]]",
    "md-links": "a saved page's breadcrumb as Markdown links wrapped over lines ([政府信息公开年报](../../ndbg) alone)",
    "wiki": "MediaWiki table markup (pandoc -t mediawiki): {| a table, |- a row, a cell a line with its attributes",
    "pandoc-quoted": "pandoc's Markdown of an indented Word file: every paragraph and cell a > quote, hard breaks \\\\",
    "label-dropped": "table rows as tab-separated cells whose merged label column a converter left empty "
                     "(pdf2docx drops a PDF's vertical label): most rows open with a tab",
    "heading-rows": "Markdown of a PDF whose table rows a converter took for headings (## 规章 1 0 11)",
    "radicals": "PDF text whose font names a CJK radical for a glyph that is one (⼈⺠政府, ⻔户⽹站)",
    "stream-merged": "pipe Markdown of a stream-mode table reader (camelot, tabula): two columns run into one "
                     "cell (`| 6 11 |`, one of them empty: the other alone)",
    "escaped": "a crawler's string written as its literal: json.dumps / repr of the text (\\n line breaks, \\u CJK), "
               "a text or a record's body escaped once more than it was read back",
    "record": "a crawler's record of the page, JSON (Scrapy's feeds, often \\u-escaped) or CSV: the report a field",
    "csv": "tables saved as CSV among the text lines (pdfplumber's tables through csv.writer, a spreadsheet's CSV)",
}
WELL_FORMED = "well-formed"
