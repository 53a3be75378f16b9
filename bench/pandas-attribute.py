"""The pandas side of bench/ingest's end-to-end case: read a legacy CUR CSV(.gz) and sum its
unblended cost per value of one resource tag, written as CSV (what `costlens ingest` followed by
`costlens attribute --tag KEY --format csv` produces, without costlens's rules).

Usage: /usr/bin/python3 bench/pandas-attribute.py FILE TAG_COLUMN COST_COLUMN OUT_CSV
Exits 3 when pandas is not installed (bench/ingest then skips the case).
"""
import sys

try:
    import pandas as pd
except ImportError:
    sys.stderr.write("pandas is not installed for this python\n")
    sys.exit(3)

path, tag, cost, out = sys.argv[1:5]
lines = pd.read_csv(path)
totals = (
    lines.fillna({tag: "(untagged)"})
    .groupby(tag, dropna=False)[cost]
    .sum()
    .sort_values(ascending=False)
)
totals.to_csv(out, header=["cost"])
sys.stdout.write(f'{{"lines": {len(lines)}, "values": {len(totals)}}}\n')
