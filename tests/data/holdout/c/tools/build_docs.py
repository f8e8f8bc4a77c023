#!/usr/bin/env python3
"""Build the C-set excerpts from ../shared/corpus (verbatim lines; run from the repository root).

Header: whole source lines (given by 0-based index), or a synthetic title where the
source has none (documented in SOURCES.md). Body: every source line with index in
[start, end], except lines that are empty or hold only U+200B (page-break markers of the
wikisource copy). Lines joined with \n, one blank line after the header, file ends with \n.
"""
import os
C = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', '..', '..', 'shared', 'corpus') + os.sep
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'docs')

SPECS = [
    # file stem, source, header (list of int index or str literal), body start, body end
    ('C01_neimenggu_2026_gwr_bizenv', 'reports-2026/150000_neimenggu.txt', [9, 10], 53, 54),
    ('C02_xizang_2026_gwr_reform', 'reports-2026/540000_xizang.txt', [9, 10], 70, 75),
    ('C03_qinghai_2026_gwr_market', 'reports-2026/630000_qinghai.txt', [0, 1], 68, 74),
    ('C04_national_1982_gwr_sixthplan', 'national/1982.txt', ['1982年中华人民共和国国务院政府工作报告'], 8, 22),
    ('C05_national_2003_gwr_govreform', 'national/2003.txt', ['2003年中华人民共和国国务院政府工作报告'], 229, 236),
    ('C06_national_2016_gwr_fangguanfu', 'national/2016.txt', ['2016年中华人民共和国国务院政府工作报告'], 114, 127),
    ('C07_national_2017_gwr_approval', 'national/2017.txt', [3, 4, 7], 78, 86),
    ('C08_national_2018_gwr_zhengzhao', 'national/2018.txt', ['2018年中华人民共和国国务院政府工作报告'], 101, 109),
    ('C09_national_2021_gwr_kuasheng', 'national/2021.txt', [7, 8, 13], 144, 149),
    ('C10_national_2022_gwr_yiwangtongban', 'national/2022.txt', [0, 7], 46, 55),
    ('C11_national_2023_gwr_bizreform', 'national/2023.txt', [0, 7], 83, 91),
    ('C12_national_2024_gwr_efficiency', 'national/2024.txt', [0, 7], 174, 184),
]

def blank(s):
    return s.replace('\u200b', '') == ''

def build():
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for stem, src, head, a, b in SPECS:
        lines = open(C + src, encoding='utf-8').read().split('\n')
        h = [x if isinstance(x, str) else lines[x] for x in head]
        body_idx = [i for i in range(a, b + 1) if not blank(lines[i])]
        body = [lines[i] for i in body_idx]
        dropped = [i for i in range(a, b + 1) if blank(lines[i]) and lines[i] != '']
        text = '\n'.join(h) + '\n\n' + '\n'.join(body) + '\n'
        with open(os.path.join(OUT, stem + '.txt'), 'w', encoding='utf-8') as f:
            f.write(text)
        han = sum(1 for c in text if '\u4e00' <= c <= '\u9fff')
        bodylen = len('\n'.join(body))
        rows.append((stem, src, head, a, b, body_idx, dropped, len(text), bodylen, han))
    return rows

if __name__ == '__main__':
    for r in build():
        print(r[0], 'chars', r[7], 'body', r[8], 'han', r[9], 'body lines', r[5], 'zwsp dropped', r[6])
