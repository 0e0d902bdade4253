import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const bin = join(process.cwd(), 'bin', 'trainkit.js');
const keyFile = join(dir, 'deid.key');
writeFileSync(keyFile, `${'ab'.repeat(32)}\n`);

describe('trainkit deid, detect, reid and deid eval', () => {
  it('works in a pipe: echo … | trainkit deid - --policy redact', () => {
    const r = spawnSync(process.execPath, [bin, 'deid', '-', '--policy', 'redact', '--key-file', keyFile], {
      input: 'Maria Gomez was seen on 03/14 for chest pain.\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('[NAME] was seen on [DATE] for chest pain.\n');
    expect(r.stderr).toBe('');
  });

  it('detect writes offsets and types, and the text only when asked', async () => {
    const note = join(dir, 'note.txt');
    writeFileSync(note, 'Call Maria Gomez at 617-555-0134.');
    const plain = await runCli(['detect', note, '--key-file', keyFile]);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual({
      id: note,
      spans: [
        { start: 5, end: 16, type: 'PERSON', score: expect.any(Number) },
        { start: 20, end: 32, type: 'PHONE', score: expect.any(Number) },
      ],
    });
    expect(plain.stdout).not.toContain('Maria');
    const withText = await runCli(['detect', note, '--key-file', keyFile, '--include-text']);
    expect(withText.stdout).toContain('"text":"Maria Gomez"');
  });

  it('de-identifies JSONL by field and keeps its structure', async () => {
    const input = join(dir, 'tickets.jsonl');
    writeFileSync(
      input,
      `${JSON.stringify({ ticket: 7, body: { msg: 'Hi, I am John Carter, email john.carter@example.com' }, status: 'open' })}\n`,
    );
    const out = join(dir, 'tickets-out.jsonl');
    const r = await runCli([
      'deid',
      input,
      '--out',
      out,
      '--policy',
      'redact',
      '--text-field',
      'body.msg',
      '--id-field',
      'ticket',
      '--key-file',
      keyFile,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      ticket: 7,
      body: { msg: 'Hi, I am [NAME], email [EMAIL]' },
      status: 'open',
    });
  });

  it('encrypts reversibly: reid restores the original with the key', async () => {
    const policy = join(dir, 'encrypt.yaml');
    writeFileSync(policy, 'default: encrypt\n');
    const input = join(dir, 'secret.txt');
    writeFileSync(input, 'Maria Gomez, SSN 219-45-8830.');
    const enc = join(dir, 'secret.enc.txt');
    expect(
      (await runCli(['deid', input, '--out', enc, '--policy', policy, '--key-file', keyFile])).code,
    ).toBe(0);
    const encrypted = readFileSync(enc, 'utf8');
    expect(encrypted).not.toContain('Maria');
    expect(encrypted).toMatch(/\[ENC:PERSON:[\w-]+\]/);
    const back = join(dir, 'secret.back.txt');
    const r = await runCli(['reid', enc, '--key-file', keyFile, '--out', back]);
    expect(r.code).toBe(0);
    expect(readFileSync(back, 'utf8')).toBe('Maria Gomez, SSN 219-45-8830.');
  });

  it('deid eval prints precision, recall and F2, and exits 1 below --min-recall', async () => {
    const gold = join(dir, 'gold.jsonl');
    writeFileSync(
      gold,
      [
        {
          id: '1',
          text: 'Patient Maria Gomez, phone 617-555-0134.',
          spans: [
            { start: 8, end: 19, type: 'PERSON' },
            { start: 27, end: 39, type: 'PHONE_NUMBER' },
          ],
        },
        {
          id: '2',
          text: 'Seen on 03/14/2024 by Dr. Alan Whitfield.',
          spans: [
            { start: 8, end: 18, type: 'DATE_TIME' },
            { start: 22, end: 40, type: 'PERSON' },
          ],
        },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    );
    const r = await runCli(['deid', 'eval', '--gold', gold, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      overall: { recall: number; precision: number };
      types: Record<string, { gold: number }>;
    };
    expect(report.overall.recall).toBe(1);
    expect(report.types.PERSON!.gold).toBe(2);
    expect(report.types.PHONE!.gold).toBe(1);
    // a gold entity nothing would find ("chest pain" marked as a name) pulls recall below 1
    const hard = join(dir, 'hard.jsonl');
    writeFileSync(
      hard,
      `${JSON.stringify({ id: '3', text: 'Reports chest pain.', spans: [{ start: 8, end: 18, type: 'PERSON' }] })}\n`,
    );
    const strict = await runCli(['deid', 'eval', '--gold', hard, '--min-recall', '0.5']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('overall');
  });

  it('rejects a bad policy file with its position and exit code 2', async () => {
    const policy = join(dir, 'bad-policy.yaml');
    writeFileSync(policy, 'default: redact\nentities:\n  PERSON: scramble\n');
    const r = await runCli(['deid', '-', '--policy', policy]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ Unknown operator "scramble"
        → at entities.PERSON (<dir>/bad-policy.yaml:3:11)
        hint: The operators are: redact, mask, hash, encrypt, synthesize, shift, generalize, keep
      "
    `);
  });
});
