import { userError } from '../../errors/index.js';
import type { DocumentFormat, ParsedInput } from '../document-format.js';
import { extractedText } from './text-format.js';

/** The subset of unpdf (PDF.js) this format calls. */
interface PdfDocument {
  destroy(): Promise<void>;
}
interface Unpdf {
  getDocumentProxy(data: Uint8Array, options: { verbosity: number }): Promise<PdfDocument>;
  extractText(pdf: PdfDocument, options: { mergePages: false }): Promise<{ text: string[] }>;
}

/**
 * PDF (`.pdf`): the text layer, pages separated by a blank line, is one document with one field,
 * `text`; output is plain `.txt`. A PDF without a text layer (a scan) is an error, since there
 * is nothing to de-identify until OCR has made one. unpdf is loaded on first use only.
 *
 * @example
 * const parsed = await pdfFormat.parse(readFileSync('report.pdf'), { path: 'report.pdf', options });
 */
export const pdfFormat: DocumentFormat = {
  name: 'pdf',
  extensions: ['.pdf'],
  async parse(bytes, { path }): Promise<ParsedInput> {
    const unpdf = (await import('unpdf')) as unknown as Unpdf;
    let pages: string[];
    try {
      // PDF.js takes ownership of the array it is given: hand it a copy
      const pdf = await unpdf.getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
      try {
        ({ text: pages } = await unpdf.extractText(pdf, { mergePages: false }));
      } finally {
        await pdf.destroy();
      }
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'PasswordException')
        throw userError('pdf_encrypted', `${path} is protected by a password`, {
          file: path,
          hint: 'remove the password first, e.g. qpdf --decrypt --password=… in.pdf out.pdf',
        });
      throw userError('invalid_pdf', `${path} is not a readable PDF: ${(e as Error).message}`, {
        file: path,
        hint: 'check that the file is a complete PDF (a download cut short has no end); open it in a PDF viewer',
      });
    }
    const text = pages.map((p) => p.trim()).join('\n\n');
    if (text.trim() === '')
      throw userError('no_text_layer', `${path} has no text layer: it looks like a scanned image`, {
        file: path,
        hint: 'run OCR first (e.g. ocrmypdf in.pdf out.pdf) so the PDF carries its text, then de-identify that',
      });
    return extractedText(path, text);
  },
};
