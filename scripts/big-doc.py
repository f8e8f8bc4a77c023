#!/usr/bin/env python3
"""Inputs for the bounded-memory measurement of issue 13 (item 5): a document that is one huge
line of short figure sentences, and a normal corpus of the same size to compare it with.

    scripts/big-doc.py line OUT.txt --figures 20000     # one line of 20,000 figure sentences
    scripts/big-doc.py line OUT.txt --size 100M         # one line of about 100 MB
    scripts/big-doc.py corpus OUTDIR --size 100M        # the real reports copied to 100 MB

`line` writes sentences like "广东省政务服务事项网上可办率达到95%。", "到2025年，全省高频事项
全程网办率达到90%以上。" or "深圳市新增电子证照120项。", the region, metric, value, unit and
year varied (seeded, so the same arguments give the same file), with no line break at all; it
prints how many sentences it wrote. Every sentence states exactly one figure.

`corpus` copies the real reports (../shared/corpus/reports-2026/*.txt beside the repository, or
--from) under new file names until the text reaches the size: documents of normal size with
line breaks, the reference a one-line document's build is measured against.
"""

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000

PROVINCES = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
    "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
    "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
]
CITIES = ["深圳市", "杭州市", "成都市", "武汉市", "南京市", "苏州市", "西安市", "青岛市",
          "厦门市", "宁波市", "合肥市", "长沙市", "郑州市", "济南市", "福州市", "昆明市"]
# Rates: a metric and a percentage.
RATES = ["政务服务事项网上可办率", "高频事项全程网办率", "政务服务事项即办率", "电子证照共享应用率",
         "一网通办事项比例", "政务数据共享率", "企业开办全程网办率", "不动产登记网办率",
         "12345热线接通率", "政务服务好差评满意率", "公共数据开放率", "移动端办事覆盖率"]
# Counts: a verb, a thing and its unit.
COUNTS = [("新增", "电子证照", "项"), ("上线", "政务服务事项", "项"), ("推出", "“一件事”集成服务", "项"),
          ("建成", "便民服务站点", "个"), ("开放", "公共数据集", "个"), ("接入", "自助终端", "台"),
          ("归集", "电子证照", "万个"), ("办理", "跨省通办事项", "万件")]
# Time limits: a thing and a number of days.
DAYS = ["企业开办时间", "工程建设项目审批时间", "不动产登记办理时间", "政务服务事项平均办理时间"]


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)B?", text.strip(), re.I)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say e.g. 100M)")
    factor = {"": 1, "K": 1_000, "M": MB, "G": 1_000 * MB}[m.group(2).upper()]
    return int(float(m.group(1)) * factor)


def sentence(rng):
    kind = rng.randrange(6)
    region = rng.choice(PROVINCES if rng.random() < 0.8 else CITIES)
    year = rng.randint(2021, 2030)
    if kind == 0:
        return f"{region}{rng.choice(RATES)}达到{rng.randint(50, 100)}%。"
    if kind == 1:
        whole = "全省" if region.endswith("省") else "全市" if region.endswith("市") else "全区"
        return f"到{year}年，{whole}{rng.choice(RATES)}达到{rng.randint(50, 99)}%以上。"
    if kind == 2:
        verb, thing, unit = rng.choice(COUNTS)
        return f"{region}{verb}{thing}{rng.randint(2, 900)}{unit}。"
    if kind == 3:
        return f"{year}年{region}{rng.choice(RATES)}提高到{rng.randint(50, 99)}.{rng.randint(1, 9)}%。"
    if kind == 4:
        return f"{region}{rng.choice(DAYS)}压缩至{rng.randint(1, 30)}个工作日以内。"
    verb, thing, unit = rng.choice(COUNTS)
    return f"{year}年，{region}累计{verb}{thing}{rng.randint(2, 900)}{unit}。"


def write_line(out, figures, size, seed):
    rng = random.Random(seed)
    written = count = 0
    with open(out, "w", encoding="utf-8", newline="") as f:
        # A title-free document: the sentences alone, one after the other.
        while (figures is None or count < figures) and (size is None or written < size):
            s = sentence(rng)
            f.write(s)
            written += len(s.encode("utf-8"))
            count += 1
    return count, written


def write_corpus(outdir, size, sources):
    files = sorted(p for p in sources.glob("*.txt") if p.is_file())
    if not files:
        sys.exit(f"no *.txt in {sources}")
    outdir.mkdir(parents=True, exist_ok=True)
    written = copies = 0
    while written < size:
        for p in files:
            if written >= size:
                break
            target = outdir / f"{copies:04d}-{p.name}"
            shutil.copyfile(p, target)
            written += target.stat().st_size
        copies += 1
    return sum(1 for _ in outdir.glob("*.txt")), written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    line = sub.add_parser("line", help="one document, one line of figure sentences")
    line.add_argument("out", type=Path)
    line.add_argument("--figures", type=int, help="how many sentences")
    line.add_argument("--size", type=parse_size, help="bytes of text, e.g. 100M")
    line.add_argument("--seed", type=int, default=13)
    corpus = sub.add_parser("corpus", help="the real reports copied to a size")
    corpus.add_argument("outdir", type=Path)
    corpus.add_argument("--size", type=parse_size, required=True)
    corpus.add_argument("--from", dest="sources", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "reports-2026")
    args = ap.parse_args()
    if args.what == "line":
        if args.figures is None and args.size is None:
            ap.error("line: give --figures or --size")
        count, written = write_line(args.out, args.figures, args.size, args.seed)
        print(f"{args.out}: {count} sentences, {written} bytes, one line")
    else:
        count, written = write_corpus(args.outdir, args.size, args.sources)
        print(f"{args.outdir}: {count} documents, {written} bytes")


if __name__ == "__main__":
    main()
