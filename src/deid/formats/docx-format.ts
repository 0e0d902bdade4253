import { userError } from '../../errors/index.js';
import type { DocumentFormat, ParsedInput } from '../document-format.js';
import { extractedText } from './text-format.js';

const ZIP_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1');
// the compound-file header of Word 97–2003 documents
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The subset of mammoth this format calls. */
interface Mammoth {
  extractRawText(input: { buffer: Buffer }): Promise<{ value: string }>;
}

/**
 * Word documents (`.docx`): the raw text (paragraphs separated by blank lines) is one document
 * with one field, `text`; output is plain `.txt`, since the layout cannot be written back.
 * mammoth is loaded on first use only.
 *
 * @example
 * const parsed = await docxFormat.parse(readFileSync('letter.docx'), { path: 'letter.docx', options });
 */
export const docxFormat: DocumentFormat = {
  name: 'docx',
  extensions: ['.docx'],
  async parse(bytes, { path }): Promise<ParsedInput> {
    if (bytes.subarray(0, 4).equals(OLE_SIGNATURE))
      throw userError('invalid_docx', `${path} is an old binary Word document (.doc), not a .docx`, {
        file: path,
        hint: 'save it as .docx from Word or LibreOffice (soffice --headless --convert-to docx file.doc)',
      });
    if (!bytes.subarray(0, 4).equals(ZIP_SIGNATURE))
      throw userError(
        'invalid_docx',
        `${path} is not a Word document: a .docx file is a zip archive, and this is not one`,
        {
          file: path,
          hint: 'check that the file is a .docx saved by Word or LibreOffice, and rename it if it is something else',
        },
      );
    const mod = (await import('mammoth')) as unknown as Mammoth & { default?: Mammoth };
    const mammoth = mod.default ?? mod;
    let text: string;
    try {
      ({ value: text } = await mammoth.extractRawText({ buffer: bytes }));
    } catch (e) {
      throw userError('invalid_docx', `${path} is not a readable Word document: ${(e as Error).message}`, {
        file: path,
        hint: 'open it in Word or LibreOffice and save it again as .docx',
      });
    }
    return extractedText(path, text);
  },
};
